//! Motion (transition) models: nearly-constant velocity, nearly-constant acceleration,
//! coordinated turn, and ballistic (gravity only).
//!
//! A model is a [`MotionModel<N>`] for the state dimension `N` it works in. State layout
//! (tracker ENU frame, SI units): `x[0..3]` position (m), `x[3..6]` velocity (m/s), then
//! model-specific components. [`ConstantVelocity`] and [`Ballistic`] work in any `N ≥ 6`
//! and carry extra components as random walks, so they can share a state space with
//! [`ConstantAcceleration`] (`N = 9`: acceleration in `x[6..9]`, m/s²) or
//! [`CoordinatedTurn`] (`N = 7`: turn rate in `x[6]`, rad/s, counter-clockwise seen from
//! above, i.e. positive turns left) inside an IMM.
//!
//! Process noise follows Bar-Shalom, Li & Kirubarajan (2001), §6.2–6.3 and §11.7.

use nalgebra::{Matrix3, SMatrix, SVector, Vector3};

use iadsim_core::wgs84;

use crate::state::Gaussian;

/// Standard gravitational parameter of the Earth, m³/s² (WGS-84; [`wgs84::GM`]).
pub const EARTH_MU: f64 = wgs84::GM;
/// Mean Earth radius, m, used by [`Gravity::Central`] by default (the IUGG R₁,
/// [`wgs84::MEAN_RADIUS_R1`]).
pub const EARTH_RADIUS: f64 = wgs84::MEAN_RADIUS_R1;
/// Standard gravity, m/s² ([`wgs84::G0`]).
pub const STANDARD_GRAVITY: f64 = wgs84::G0;

/// A discrete-time transition model `x(t+dt) = f(x(t), dt) + w`, `w ~ N(0, Q(x, dt))`.
pub trait MotionModel<const N: usize>: Send + Sync + std::fmt::Debug {
    /// Short name for logs.
    fn name(&self) -> &'static str;
    /// The noiseless transition `f(x, dt)`; `dt` in s, may be 0.
    fn transition(&self, x: &SVector<f64, N>, dt: f64) -> SVector<f64, N>;
    /// The Jacobian `∂f/∂x` at `x`.
    fn jacobian(&self, x: &SVector<f64, N>, dt: f64) -> SMatrix<f64, N, N>;
    /// The process noise covariance `Q` for a step of `dt` s.
    fn process_noise(&self, x: &SVector<f64, N>, dt: f64) -> SMatrix<f64, N, N>;
    /// Embeds a position-velocity Gaussian into this model's state space, with this model's
    /// prior for the extra components (zero mean).
    fn embed(&self, kinematics: &Gaussian<6>) -> Gaussian<N>;
    /// Projects an estimate onto the states this model admits, before the predictors
    /// linearise or propagate it (constrained Kalman filtering, Simon 2010). The default
    /// admits everything; [`CoordinatedTurn`] bounds the turn rate.
    fn constrain(&self, _g: &mut Gaussian<N>) {}
}

/// How the white-noise acceleration enters a nearly-constant-velocity model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum WhiteNoise {
    /// Continuous white-noise acceleration of power spectral density `q` (m²/s³) per axis:
    /// `Q = q [[dt³/3, dt²/2], [dt²/2, dt]]` (exact discretisation; Stone Soup's
    /// `ConstantVelocity(q)`).
    Continuous,
    /// Piecewise-constant (discrete) white acceleration of variance `q` (m²/s⁴) per axis:
    /// `Q = q [[dt⁴/4, dt³/2], [dt³/2, dt²]]` (the α-β filter's model).
    PiecewiseConstant,
}

/// Nearly-constant velocity: `p += v dt`, `v` a random walk driven by white acceleration.
///
/// Works in any `N ≥ 6`; components after the sixth are kept constant (random walks of
/// `extra_noise` variance per second) so that the model can sit in an IMM with larger
/// models.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantVelocity {
    /// Noise intensity per axis (e, n, u): m²/s³ for [`WhiteNoise::Continuous`], m²/s⁴ for
    /// [`WhiteNoise::PiecewiseConstant`].
    pub q: Vector3<f64>,
    /// How the noise enters.
    pub noise: WhiteNoise,
    /// Variance growth per second of each extra component (units of that component²/s).
    pub extra_noise: f64,
    /// Prior standard deviation of each extra component when a track starts.
    pub extra_prior_sigma: f64,
}

impl ConstantVelocity {
    /// Continuous white-noise acceleration of intensity `q` m²/s³ on every axis.
    pub fn new(q: f64) -> Self {
        Self {
            q: Vector3::repeat(q),
            noise: WhiteNoise::Continuous,
            extra_noise: 0.0,
            extra_prior_sigma: 0.0,
        }
    }

    /// Piecewise-constant white acceleration of standard deviation `sigma_a` m/s² per axis.
    pub fn piecewise(sigma_a: f64) -> Self {
        Self {
            q: Vector3::repeat(sigma_a * sigma_a),
            noise: WhiteNoise::PiecewiseConstant,
            extra_noise: 0.0,
            extra_prior_sigma: 0.0,
        }
    }

    /// Sets the random-walk variance rate and prior sigma of the components after the sixth.
    pub fn with_extra(mut self, noise_per_s: f64, prior_sigma: f64) -> Self {
        self.extra_noise = noise_per_s;
        self.extra_prior_sigma = prior_sigma;
        self
    }
}

/// Writes the per-axis nearly-constant-velocity `Q` blocks into `q_out`.
fn cv_noise<const N: usize>(
    q_out: &mut SMatrix<f64, N, N>,
    q: &Vector3<f64>,
    kind: WhiteNoise,
    dt: f64,
) {
    let (pp, pv, vv) = match kind {
        WhiteNoise::Continuous => (dt * dt * dt / 3.0, dt * dt / 2.0, dt),
        WhiteNoise::PiecewiseConstant => (dt.powi(4) / 4.0, dt.powi(3) / 2.0, dt * dt),
    };
    for a in 0..3 {
        q_out[(a, a)] = q[a] * pp;
        q_out[(a, a + 3)] = q[a] * pv;
        q_out[(a + 3, a)] = q[a] * pv;
        q_out[(a + 3, a + 3)] = q[a] * vv;
    }
}

/// Embeds with zero-mean extra components of standard deviation `sigma`.
fn embed_with<const N: usize>(k: &Gaussian<6>, sigma: f64) -> Gaussian<N> {
    const { assert!(N >= 6, "track states start with position and velocity") };
    let mut mean = SVector::<f64, N>::zeros();
    mean.fixed_rows_mut::<6>(0).copy_from(&k.mean);
    let mut cov = SMatrix::<f64, N, N>::zeros();
    cov.fixed_view_mut::<6, 6>(0, 0).copy_from(&k.covariance);
    for i in 6..N {
        cov[(i, i)] = sigma * sigma;
    }
    Gaussian {
        mean,
        covariance: cov,
    }
}

impl<const N: usize> MotionModel<N> for ConstantVelocity {
    fn name(&self) -> &'static str {
        "CV"
    }
    fn transition(&self, x: &SVector<f64, N>, dt: f64) -> SVector<f64, N> {
        const { assert!(N >= 6, "track states start with position and velocity") };
        let mut y = *x;
        for a in 0..3 {
            y[a] += dt * x[a + 3];
        }
        y
    }
    fn jacobian(&self, _x: &SVector<f64, N>, dt: f64) -> SMatrix<f64, N, N> {
        let mut f = SMatrix::<f64, N, N>::identity();
        for a in 0..3 {
            f[(a, a + 3)] = dt;
        }
        f
    }
    fn process_noise(&self, _x: &SVector<f64, N>, dt: f64) -> SMatrix<f64, N, N> {
        let mut q = SMatrix::<f64, N, N>::zeros();
        cv_noise(&mut q, &self.q, self.noise, dt);
        for i in 6..N {
            q[(i, i)] = self.extra_noise * dt;
        }
        q
    }
    fn embed(&self, k: &Gaussian<6>) -> Gaussian<N> {
        embed_with(k, self.extra_prior_sigma)
    }
}

/// Nearly-constant acceleration (`N = 9`, acceleration in `x[6..9]`, m/s²), driven by
/// continuous white jerk of intensity `q` (m²/s⁵) per axis (Bar-Shalom et al. §6.2.3).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantAcceleration {
    /// Jerk noise intensity per axis (e, n, u), m²/s⁵.
    pub q: Vector3<f64>,
    /// Prior standard deviation of each acceleration component at track start, m/s².
    pub acceleration_prior_sigma: f64,
}

impl ConstantAcceleration {
    /// Jerk intensity `q` m²/s⁵ on every axis, acceleration prior sigma `accel_sigma` m/s².
    pub fn new(q: f64, accel_sigma: f64) -> Self {
        Self {
            q: Vector3::repeat(q),
            acceleration_prior_sigma: accel_sigma,
        }
    }
}

impl MotionModel<9> for ConstantAcceleration {
    fn name(&self) -> &'static str {
        "CA"
    }
    fn transition(&self, x: &SVector<f64, 9>, dt: f64) -> SVector<f64, 9> {
        self.jacobian(x, dt) * x
    }
    fn jacobian(&self, _x: &SVector<f64, 9>, dt: f64) -> SMatrix<f64, 9, 9> {
        let mut f = SMatrix::<f64, 9, 9>::identity();
        for a in 0..3 {
            f[(a, a + 3)] = dt;
            f[(a, a + 6)] = dt * dt / 2.0;
            f[(a + 3, a + 6)] = dt;
        }
        f
    }
    fn process_noise(&self, _x: &SVector<f64, 9>, dt: f64) -> SMatrix<f64, 9, 9> {
        let d2 = dt * dt;
        let d3 = d2 * dt;
        let d4 = d3 * dt;
        let d5 = d4 * dt;
        let block = [
            [d5 / 20.0, d4 / 8.0, d3 / 6.0],
            [d4 / 8.0, d3 / 3.0, d2 / 2.0],
            [d3 / 6.0, d2 / 2.0, dt],
        ];
        let mut q = SMatrix::<f64, 9, 9>::zeros();
        for a in 0..3 {
            for (i, row) in block.iter().enumerate() {
                for (j, v) in row.iter().enumerate() {
                    q[(a + 3 * i, a + 3 * j)] = self.q[a] * v;
                }
            }
        }
        q
    }
    fn embed(&self, k: &Gaussian<6>) -> Gaussian<9> {
        embed_with(k, self.acceleration_prior_sigma)
    }
}

/// Horizontal coordinated turn with unknown turn rate (`N = 7`, turn rate `ω` in `x[6]`,
/// rad/s, positive counter-clockwise seen from above), nearly-constant velocity vertically
/// (Bar-Shalom et al. §11.7.1). Noise: white acceleration `q` (m²/s³) on each axis and a
/// turn-rate random walk of intensity `q_turn` (rad²/s³).
///
/// The turn rate is bounded by [`CoordinatedTurn::turn_rate_limit`] (the lateral
/// acceleration `|ω|·|v_h|` at most `max_lateral_acceleration`, and `|ω|` at most
/// `max_turn_rate`); [`MotionModel::constrain`] projects estimates onto that bound.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct CoordinatedTurn {
    /// White acceleration intensity per axis (e, n, u), m²/s³.
    pub q: Vector3<f64>,
    /// Turn-rate noise intensity, rad²/s³.
    pub q_turn: f64,
    /// Prior standard deviation of the turn rate at track start, rad/s.
    pub turn_prior_sigma: f64,
    /// Largest turn rate, rad/s, whatever the speed (binds for slow targets; 1 rad/s is
    /// 30 g at 300 m/s). The transition also clamps to it.
    pub max_turn_rate: f64,
    /// Largest lateral acceleration `|ω|·|v_h|` of a turn, m/s² (default 12 g).
    pub max_lateral_acceleration: f64,
}

impl CoordinatedTurn {
    /// Acceleration intensity `q` (m²/s³), turn-rate intensity `q_turn` (rad²/s³), turn-rate
    /// prior sigma (rad/s); turn rate at most 1 rad/s and 12 g.
    pub fn new(q: f64, q_turn: f64, turn_prior_sigma: f64) -> Self {
        Self {
            q: Vector3::repeat(q),
            q_turn,
            turn_prior_sigma,
            max_turn_rate: 1.0,
            max_lateral_acceleration: 12.0 * STANDARD_GRAVITY,
        }
    }

    /// Sets the largest lateral acceleration, m/s².
    pub fn with_max_lateral_acceleration(mut self, a: f64) -> Self {
        self.max_lateral_acceleration = a;
        self
    }

    /// The largest admissible `|ω|`, rad/s, at horizontal speed `speed` m/s:
    /// `min(max_turn_rate, max_lateral_acceleration / speed)`.
    pub fn turn_rate_limit(&self, speed: f64) -> f64 {
        self.max_turn_rate
            .min(self.max_lateral_acceleration / speed.abs())
    }
}

/// `(sin(ωT)/ω, (1 − cos(ωT))/ω)` with their small-ω limits.
fn turn_terms(w: f64, dt: f64) -> (f64, f64) {
    let wt = w * dt;
    if wt.abs() < 1e-4 {
        // series to O((ωT)³)
        (
            dt * (1.0 - wt * wt / 6.0),
            dt * (wt / 2.0 - wt * wt * wt / 24.0),
        )
    } else {
        (wt.sin() / w, (1.0 - wt.cos()) / w)
    }
}

impl MotionModel<7> for CoordinatedTurn {
    fn name(&self) -> &'static str {
        "CT"
    }
    fn transition(&self, x: &SVector<f64, 7>, dt: f64) -> SVector<f64, 7> {
        let w = x[6].clamp(-self.max_turn_rate, self.max_turn_rate);
        let (s_w, c_w) = turn_terms(w, dt);
        let (s, c) = (w * dt).sin_cos();
        let (vx, vy) = (x[3], x[4]);
        let mut y = *x;
        y[0] = x[0] + s_w * vx - c_w * vy;
        y[1] = x[1] + c_w * vx + s_w * vy;
        y[2] = x[2] + dt * x[5];
        y[3] = c * vx - s * vy;
        y[4] = s * vx + c * vy;
        y
    }
    fn jacobian(&self, x: &SVector<f64, 7>, dt: f64) -> SMatrix<f64, 7, 7> {
        let clamped = x[6].abs() > self.max_turn_rate;
        let w = x[6].clamp(-self.max_turn_rate, self.max_turn_rate);
        let (s_w, c_w) = turn_terms(w, dt);
        let (s, c) = (w * dt).sin_cos();
        let (vx, vy) = (x[3], x[4]);
        // d(sin(ωT)/ω)/dω and d((1 − cos ωT)/ω)/dω
        let (ds, dc) = if clamped {
            (0.0, 0.0)
        } else if (w * dt).abs() < 1e-4 {
            (-w * dt * dt * dt / 3.0, dt * dt / 2.0)
        } else {
            (
                (dt * c * w - s) / (w * w),
                (dt * s * w - (1.0 - c)) / (w * w),
            )
        };
        let mut f = SMatrix::<f64, 7, 7>::identity();
        f[(0, 3)] = s_w;
        f[(0, 4)] = -c_w;
        f[(0, 6)] = ds * vx - dc * vy;
        f[(1, 3)] = c_w;
        f[(1, 4)] = s_w;
        f[(1, 6)] = dc * vx + ds * vy;
        f[(2, 5)] = dt;
        f[(3, 3)] = c;
        f[(3, 4)] = -s;
        let on = if clamped { 0.0 } else { 1.0 };
        f[(3, 6)] = on * (-dt * s * vx - dt * c * vy);
        f[(4, 3)] = s;
        f[(4, 4)] = c;
        f[(4, 6)] = on * (dt * c * vx - dt * s * vy);
        f
    }
    fn process_noise(&self, _x: &SVector<f64, 7>, dt: f64) -> SMatrix<f64, 7, 7> {
        let mut q = SMatrix::<f64, 7, 7>::zeros();
        cv_noise(&mut q, &self.q, WhiteNoise::Continuous, dt);
        q[(6, 6)] = self.q_turn * dt;
        q
    }
    fn embed(&self, k: &Gaussian<6>) -> Gaussian<7> {
        embed_with(k, self.turn_prior_sigma)
    }
    // Why: unconstrained, the EKF with a turn-rate state has a runaway loop. The turn-rate
    // column of the Jacobian is ∂v/∂ω ~ |v|·T and ∂p/∂ω ~ |v|·T²/2, so the predicted
    // covariance grows as |v|²·σ_ω²·T⁴; a wide innovation (long revisit, spread PDA
    // returns) then moves the velocity along that column, linearised across ωT of
    // radians where the turn is anything but linear, which raises |v| and ω, which widens
    // the next prediction, and so on until |v| exceeds the speed of light and Cholesky
    // fails at ~1e19 m² (the covariance property test hit it about once in a few hundred
    // random cases).
    //
    // The cure bounds what the turn rate can do rather than the speed: a turn is a lateral
    // acceleration |ω|·|v|, which airframes cap. The mean is clamped to the bound (the
    // estimate projection of constrained Kalman filtering), and σ_ω to the standard
    // deviation of a uniform distribution over the admissible interval, ω_max/√3: a wider
    // Gaussian says less than the bound itself, and the cap keeps |v|·σ_ω at most
    // a_max/√3, so the turn-rate column injects no more covariance than a bounded
    // acceleration would, whatever the speed estimate (the loop is cut). The ω row and
    // column are scaled together (a congruence by a positive diagonal), which keeps the
    // covariance symmetric positive definite and the correlations intact.
    fn constrain(&self, g: &mut Gaussian<7>) {
        let w_max = self.turn_rate_limit(g.mean[3].hypot(g.mean[4]));
        if w_max.is_nan() || w_max <= 0.0 {
            return;
        }
        g.mean[6] = g.mean[6].clamp(-w_max, w_max);
        let sigma_max = w_max / 3f64.sqrt();
        let var = g.covariance[(6, 6)];
        if var > sigma_max * sigma_max {
            let s = sigma_max / var.sqrt();
            for i in 0..7 {
                g.covariance[(6, i)] *= s;
                g.covariance[(i, 6)] *= s;
            }
        }
    }
}

/// The gravity field of a [`Ballistic`] model, expressed in the tracker's ENU frame.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Gravity {
    /// Uniform gravity `g` m/s² along −Up.
    Flat {
        /// Magnitude, m/s².
        g: f64,
    },
    /// Inverse-square gravity of a point mass `mu` (m³/s²) at `(0, 0, −earth_radius)` in the
    /// ENU frame (a spherical, non-rotating Earth whose surface touches the frame origin):
    /// trajectories are Kepler arcs.
    Central {
        /// Gravitational parameter, m³/s².
        mu: f64,
        /// Distance from the frame origin down to the centre of the Earth, m.
        earth_radius: f64,
    },
}

impl Gravity {
    /// The Earth's central field ([`EARTH_MU`], [`EARTH_RADIUS`]).
    pub fn earth() -> Self {
        Gravity::Central {
            mu: EARTH_MU,
            earth_radius: EARTH_RADIUS,
        }
    }

    /// Acceleration at ENU position `p`, m/s².
    pub fn acceleration(&self, p: &Vector3<f64>) -> Vector3<f64> {
        match *self {
            Gravity::Flat { g } => Vector3::new(0.0, 0.0, -g),
            Gravity::Central { mu, earth_radius } => {
                let r = p + Vector3::new(0.0, 0.0, earth_radius);
                let n = r.norm();
                -r * (mu / (n * n * n))
            }
        }
    }

    /// Gravity gradient `∂g/∂p` at `p`, 1/s².
    pub fn gradient(&self, p: &Vector3<f64>) -> Matrix3<f64> {
        match *self {
            Gravity::Flat { .. } => Matrix3::zeros(),
            Gravity::Central { mu, earth_radius } => {
                let r = p + Vector3::new(0.0, 0.0, earth_radius);
                let n = r.norm();
                let u = r / n;
                (Matrix3::identity() - u * u.transpose() * 3.0) * (-mu / (n * n * n))
            }
        }
    }
}

/// Ballistic (unpowered, drag-free) flight: `p̈ = g(p)` plus white acceleration noise of
/// intensity `q` (m²/s³) per axis. Integrated with classical Runge–Kutta (4th order) in
/// sub-steps of at most `max_step` s. Works in any `N ≥ 6` (extra components carried as in
/// [`ConstantVelocity`]). Earth rotation (Coriolis, centrifugal) is not modelled: it is
/// left to the process noise.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ballistic {
    /// The gravity field.
    pub gravity: Gravity,
    /// White acceleration intensity per axis, m²/s³.
    pub q: Vector3<f64>,
    /// Largest integration sub-step, s.
    pub max_step: f64,
    /// Variance growth per second of each component after the sixth.
    pub extra_noise: f64,
    /// Prior standard deviation of each component after the sixth.
    pub extra_prior_sigma: f64,
}

impl Ballistic {
    /// Central Earth gravity and white acceleration intensity `q` m²/s³.
    pub fn new(q: f64) -> Self {
        Self {
            gravity: Gravity::earth(),
            q: Vector3::repeat(q),
            max_step: 1.0,
            extra_noise: 0.0,
            extra_prior_sigma: 0.0,
        }
    }

    fn derivative(&self, p: &Vector3<f64>, v: &Vector3<f64>) -> (Vector3<f64>, Vector3<f64>) {
        (*v, self.gravity.acceleration(p))
    }

    /// Propagates position and velocity by `dt` s (RK4 sub-steps).
    pub fn propagate(
        &self,
        p: Vector3<f64>,
        v: Vector3<f64>,
        dt: f64,
    ) -> (Vector3<f64>, Vector3<f64>) {
        if dt == 0.0 {
            return (p, v);
        }
        let n = (dt.abs() / self.max_step).ceil().max(1.0) as usize;
        let h = dt / n as f64;
        let (mut p, mut v) = (p, v);
        for _ in 0..n {
            let (k1p, k1v) = self.derivative(&p, &v);
            let (k2p, k2v) = self.derivative(&(p + k1p * (h / 2.0)), &(v + k1v * (h / 2.0)));
            let (k3p, k3v) = self.derivative(&(p + k2p * (h / 2.0)), &(v + k2v * (h / 2.0)));
            let (k4p, k4v) = self.derivative(&(p + k3p * h), &(v + k3v * h));
            p += (k1p + k2p * 2.0 + k3p * 2.0 + k4p) * (h / 6.0);
            v += (k1v + k2v * 2.0 + k3v * 2.0 + k4v) * (h / 6.0);
        }
        (p, v)
    }
}

impl<const N: usize> MotionModel<N> for Ballistic {
    fn name(&self) -> &'static str {
        "ballistic"
    }
    fn transition(&self, x: &SVector<f64, N>, dt: f64) -> SVector<f64, N> {
        const { assert!(N >= 6, "track states start with position and velocity") };
        let p = x.fixed_rows::<3>(0).into_owned();
        let v = x.fixed_rows::<3>(3).into_owned();
        let (p, v) = self.propagate(p, v, dt);
        let mut y = *x;
        y.fixed_rows_mut::<3>(0).copy_from(&p);
        y.fixed_rows_mut::<3>(3).copy_from(&v);
        y
    }
    fn jacobian(&self, x: &SVector<f64, N>, dt: f64) -> SMatrix<f64, N, N> {
        // Φ = exp(A dt), A = [[0, I], [G, 0]], to third order in dt (G ~ 3e-6 /s² near
        // the Earth, so the error is far below the process noise).
        let p = x.fixed_rows::<3>(0).into_owned();
        let g = self.gravity.gradient(&p);
        let i3 = Matrix3::identity();
        let d2 = dt * dt;
        let d3 = d2 * dt;
        let mut f = SMatrix::<f64, N, N>::identity();
        f.fixed_view_mut::<3, 3>(0, 0)
            .copy_from(&(i3 + g * (d2 / 2.0)));
        f.fixed_view_mut::<3, 3>(0, 3)
            .copy_from(&(i3 * dt + g * (d3 / 6.0)));
        f.fixed_view_mut::<3, 3>(3, 0)
            .copy_from(&(g * dt + g * g * (d3 / 6.0)));
        f.fixed_view_mut::<3, 3>(3, 3)
            .copy_from(&(i3 + g * (d2 / 2.0)));
        f
    }
    fn process_noise(&self, _x: &SVector<f64, N>, dt: f64) -> SMatrix<f64, N, N> {
        let mut q = SMatrix::<f64, N, N>::zeros();
        cv_noise(&mut q, &self.q, WhiteNoise::Continuous, dt);
        for i in 6..N {
            q[(i, i)] = self.extra_noise * dt;
        }
        q
    }
    fn embed(&self, k: &Gaussian<6>) -> Gaussian<N> {
        embed_with(k, self.extra_prior_sigma)
    }
}
