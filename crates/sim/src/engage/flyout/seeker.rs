//! The seeker: the one part of a missile that observes the real target. It searches the
//! acquisition basket around the predicted target and locks onto the nearest object it
//! can see ([`acquire`]); from then on it measures that object's position with angle
//! noise, glint and range noise ([`seeker_measurement`]). Guidance
//! ([`super::guidance`]) sees only these measurements and the uplinked track.
//!
//! Checked by `tests/flyout_noise.rs` (the noise statistics: angle σ against range,
//! glint variance and correlation time) and `tests/flyout_engage.rs` (lock-on and miss
//! distances in engine-style engagements).

use iadsim_setup::ThreatClass;
use nalgebra::Vector3;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::airframes::AirframeSpec;
use super::homing::Homing;
use crate::truth::motion::ThreatMotionOverStep;

/// 1σ seeker range noise, m \[P\].
pub const SEEKER_RANGE_NOISE: f64 = 5.0;

/// Correlation time of target glint, s \[P\]: the apparent scattering centre wanders as
/// the aspect changes; tenths of a second for an aircraft or missile seen by an X-band
/// seeker closing at 1–5 km/s.
pub const GLINT_CORRELATION_TIME: f64 = 0.1;

/// 1σ glint (wander of the apparent scattering centre across the line of sight, per axis),
/// m, of a target of class `class` \[P\]: about a sixth of the target's span — the
/// engineering rule that the rms glint of a complex target is 1/6–1/3 of its span
/// (Barton & Leonov, *Radar Technology Encyclopedia*, "glint"; Skolnik, *Radar Handbook*,
/// ch. 18), taken at the low end because the monopulse seeker averages over pulses within
/// a sample — spans 12 m (fighter), 3 m (cruise missile: wings and body), 1.5 m (re-entry
/// vehicle).
pub fn glint_sigma(class: ThreatClass) -> f64 {
    match class {
        ThreatClass::Aircraft => 2.0,
        ThreatClass::CruiseMissile => 0.5,
        ThreatClass::BallisticMissile => 0.25,
    }
}

/// The state of a seeker's measurement noise that persists between samples: the glint
/// offset (a first-order Gauss–Markov process per cross-range axis, correlation time
/// [`GLINT_CORRELATION_TIME`]).
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct SeekerNoise {
    /// Glint offset on the two cross-range axes, m.
    pub glint: [f64; 2],
    /// Time of the last sample, s (`None` before the first).
    pub last: Option<f64>,
}

/// Seeker angle-noise parameters of one measurement.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeekerNoiseModel {
    /// Range-independent angle noise, 1σ, rad.
    pub angle: f64,
    /// Receiver angle noise at `reference_range`, 1σ, rad.
    pub thermal: f64,
    /// Range at which `thermal` applies (the acquisition range), m.
    pub reference_range: f64,
    /// Exponent of (R / reference_range) for the receiver noise (2 active, 1 semi-active
    /// and TVM).
    pub exponent: i32,
    /// 1σ glint of the target, m.
    pub glint: f64,
}

/// A seeker measurement at time `t` (s) of the target at `target` (ECEF, m) from a missile
/// at `missile`: the target's position as the missile sees it, ECEF, m. The line-of-sight
/// angles carry white noise of 1σ √(σ_a² + (σ_th·(R/R_ref)^k)²) per axis (range-
/// independent plus receiver noise), the apparent target is displaced across the line of
/// sight by the glint process in `state` (Gauss–Markov: g ← φ·g + σ_g·√(1−φ²)·w, φ =
/// exp(−Δt/τ_g)), and range has [`SEEKER_RANGE_NOISE`]. These are the three noise sources
/// of Zarchan's noise analysis of the homing loop (*Tactical and Strategic Missile
/// Guidance*, the chapters on noise: glint, range-independent and range-dependent noise);
/// the values are \[P\] (see [`glint_sigma`] and the airframe table). Noise-free when
/// `rng` is `None`.
pub fn seeker_measurement(
    missile: &Vector3<f64>,
    target: &Vector3<f64>,
    t: f64,
    model: &SeekerNoiseModel,
    state: &mut SeekerNoise,
    rng: Option<&mut ChaCha8Rng>,
) -> Vector3<f64> {
    let Some(rng) = rng else {
        return *target;
    };
    let rel = target - missile;
    let range = rel.norm();
    if range <= 0.0 {
        return *target;
    }
    let u = rel / range;
    // Two axes perpendicular to the line of sight, fixed in ECEF as far as the line of
    // sight allows (the glint process lives on them).
    let helper = if u.x.abs() < 0.9 {
        Vector3::x()
    } else {
        Vector3::y()
    };
    let e1 = u.cross(&helper).normalize();
    let e2 = u.cross(&e1);
    let mut g = || -> f64 { StandardNormal.sample(rng) };
    let (n1, n2, n3, w1, w2) = (g(), g(), g(), g(), g());
    let phi = match state.last {
        Some(last) => (-(t - last).max(0.0) / GLINT_CORRELATION_TIME).exp(),
        None => 0.0,
    };
    let q = model.glint * (1.0 - phi * phi).sqrt();
    state.glint = [state.glint[0] * phi + q * w1, state.glint[1] * phi + q * w2];
    state.last = Some(t);
    let thermal = model.thermal * (range / model.reference_range).powi(model.exponent);
    let sigma = (model.angle * model.angle + thermal * thermal).sqrt() * range;
    target
        + e1 * (n1 * sigma + state.glint[0])
        + e2 * (n2 * sigma + state.glint[1])
        + u * (n3 * SEEKER_RANGE_NOISE)
}

/// Where the seeker is and what it can see: the missile's position (ECEF, m) and
/// velocity (ECEF axes, m/s), the seeker's acquisition range (m) and gimbal limit off the
/// velocity (rad), and the acquisition basket around the predicted target (m).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct View {
    /// Missile position, ECEF, m.
    pub position: Vector3<f64>,
    /// Missile velocity, ECEF axes, m/s.
    pub velocity: Vector3<f64>,
    /// Acquisition range, m.
    pub range: f64,
    /// Gimbal limit off the velocity, rad.
    pub fov: f64,
    /// Radius around the predicted target inside which an object is accepted, m.
    pub basket: f64,
}

/// The object the seeker locks onto at `now` s, searching around the predicted target
/// `predicted` (ECEF, m): of the `threats` (moving over the engine step [`t0`, `t1`])
/// within the basket, in range and inside the gimbal limit, the nearest the prediction
/// (ties: the first). `None` when there is none.
pub fn acquire(
    view: &View,
    predicted: &Vector3<f64>,
    threats: &[ThreatMotionOverStep],
    t0: f64,
    t1: f64,
    now: f64,
) -> Option<usize> {
    let speed = view.velocity.norm();
    let fov_cos = view.fov.cos();
    let mut best: Option<(f64, usize)> = None;
    for m in threats {
        let (p, _) = m.at(t0, t1, now);
        let d = (p - predicted).norm();
        let rel = p - view.position;
        let rn = rel.norm();
        let in_view = speed > 0.0 && rel.dot(&view.velocity) >= fov_cos * rn * speed;
        if d <= view.basket && rn <= view.range && in_view && best.is_none_or(|b| d < b.0) {
            best = Some((d, m.index));
        }
    }
    best.map(|(_, k)| k)
}

/// The locked threat `target`'s true position (ECEF, m) and velocity (ECEF axes, m/s) at
/// `now` s, as the seeker's look at it starts from; `None` once it no longer exists.
pub fn locked(
    threats: &[ThreatMotionOverStep],
    target: usize,
    t0: f64,
    t1: f64,
    now: f64,
) -> Option<(Vector3<f64>, Vector3<f64>)> {
    threats
        .iter()
        .find(|m| m.index == target)
        .map(|m| m.at(t0, t1, now))
}

impl SeekerNoiseModel {
    /// The noise of `spec`'s seeker looking at a target of 1σ glint `glint` (m): receiver
    /// noise falling with range squared for an active seeker, with range for semi-active
    /// and TVM.
    pub fn of(spec: &AirframeSpec, glint: f64) -> Self {
        Self {
            angle: spec.seeker_noise,
            thermal: spec.seeker_thermal_noise,
            reference_range: spec.seeker_range,
            exponent: match spec.homing {
                Homing::Active => 2,
                _ => 1,
            },
            glint,
        }
    }
}
