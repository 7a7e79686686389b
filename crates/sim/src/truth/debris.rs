//! Debris: what a killed threat leaves. A kill breaks the threat into a few fragments
//! ([`iadsim_setup::Debris`]: number, ballistic coefficient, separation speed, RCS fading),
//! each a truth object of its own that radars and seekers see like any other, until it
//! reaches the ground.
//!
//! # Model
//!
//! - **Start**: at the kill, each fragment takes the threat's true position and velocity
//!   plus a separation velocity of the type's separation speed in a uniformly random
//!   direction, and its own ballistic coefficient, spread log-uniformly from half to
//!   twice the type's (pieces of one body are not alike, so they part as they fall).
//! - **Fall**: point-mass gravity (μ = `wgs84::GM`, inverse square, non-rotating Earth, as
//!   the ballistic threats) and drag a = −ρ(h)·|v|·v/(2β) with ρ from the US Standard
//!   Atmosphere 1976 at the geodetic height, integrated with the ballistic descent's
//!   fourth-order Runge–Kutta (`truth/ballistic.rs`) at a step of 5 % of the drag time
//!   scale |v|/|a_drag| and 10 % of the density time scale, 1 ms to 1 s, every step stored
//!   and interpolated with cubic Hermite polynomials. A fragment ends when it reaches the
//!   ground ([`Ground`]), solved inside the last step to 1e-6 m, or after
//!   [`MAX_FALL_TIME`].
//! - **RCS**: a fragment's mean RCS fades from its share of the intact threat's (σ/n for
//!   n fragments) to a floor (the type's floor ratio × σ) with the type's time constant τ:
//!   σ_f(t) = σ_floor + (σ/n − σ_floor)·exp(−(t − t_kill)/τ) ([`RcsFade`]); a floor above
//!   the share holds the floor from the start. The radars draw their Swerling fluctuation
//!   about that mean, as for a threat.
//!
//! Checked by `tests/truth_debris.rs`: the fall against the terminal speed √(2βg/ρ) and
//! the constant-density closed form v(t) = v_t·tanh(g·t/v_t), and the fading law; by
//! `tests/engine_debris.rs` in the engine (seekers homing on debris, kill-assessment
//! errors).

use std::sync::Arc;

use iadsim_core::Ecef;
use iadsim_setup::{Debris, Threat, ThreatClass};
use nalgebra::Vector3;
use rand::RngExt;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::ballistic::{acceleration_at, rk4, rk4_from};
use super::ground::TerrainHeight;
use super::table::HermiteTable;
use super::trajectory::{Trajectory, TruthState};

/// Longest a fragment is followed, s: a light fragment from high up may drift for tens of
/// minutes; after an hour it is taken to be down.
pub const MAX_FALL_TIME: f64 = 3_600.0;

/// Density scale height used only to choose the integration step, m.
const STEP_SCALE_HEIGHT: f64 = 7_000.0;

/// Where debris stops falling: without a terrain model the Earth is a smooth surface at a
/// fixed height above the WGS-84 ellipsoid; with one, the terrain's ground.
#[derive(Debug, Clone)]
pub enum Ground {
    /// A smooth surface this high above the ellipsoid, m.
    Smooth(f64),
    /// The ground of a terrain model.
    Terrain(Arc<dyn TerrainHeight>),
}

impl Ground {
    /// Ground height under `position` (ECEF), m above the ellipsoid.
    pub fn height_under(&self, position: &Vector3<f64>) -> f64 {
        match self {
            Ground::Smooth(h) => *h,
            Ground::Terrain(terrain) => {
                let g = Ecef(*position).to_geodetic();
                terrain.ground_height(g.lat, g.lon)
            }
        }
    }
}

/// A fragment's mean RCS over time (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RcsFade {
    /// Time the fading starts (the kill), s.
    pub since: f64,
    /// Mean RCS then, m².
    pub initial: f64,
    /// Mean RCS it fades to, m².
    pub floor: f64,
    /// Time constant, s (> 0).
    pub decay_time: f64,
}

impl RcsFade {
    /// Mean RCS at `t` s (the initial value before `since`), m².
    pub fn at(&self, t: f64) -> f64 {
        let age = (t - self.since).max(0.0);
        self.floor + (self.initial - self.floor) * (-age / self.decay_time).exp()
    }

    /// The largest mean RCS it ever has, m².
    pub fn max(&self) -> f64 {
        self.initial.max(self.floor)
    }
}

/// One debris fragment: a truth object from its threat's kill to the ground.
#[derive(Debug, Clone)]
pub struct Fragment {
    /// The threat it came from (index into the setup's threats).
    pub threat: usize,
    /// Its number among that threat's fragments, from 0.
    pub piece: u32,
    /// Its fall, from the kill time to the ground.
    pub trajectory: Trajectory,
    /// Its mean RCS over time.
    pub rcs: RcsFade,
    /// Its identity for random streams (the threat's name key and the piece number): a
    /// radar's looks at it draw from a stream of this key.
    pub key: u64,
    /// 1σ glint a seeker sees on it, m (the threat's).
    pub glint: f64,
    /// Ballistic coefficient, kg/m².
    pub ballistic_coefficient: f64,
}

/// The fragments `threat` (index `index`, name key `key`, glint `glint` m) leaves when it
/// is killed at `time` s in the true `state`, falling to `ground`; their random spread is
/// drawn from `rng` (the threat's own debris stream). None when the debris spec is
/// unusable (no fragment, β or τ not positive and finite).
#[allow(clippy::too_many_arguments)]
pub fn fragments(
    threat: &Threat,
    index: usize,
    key: u64,
    glint: f64,
    state: &TruthState,
    time: f64,
    ground: Ground,
    rng: &mut ChaCha8Rng,
) -> Vec<Fragment> {
    let spec = threat.debris;
    if !usable(&spec) {
        return Vec::new();
    }
    let n = spec.fragments;
    let share = threat.rcs / f64::from(n);
    let floor = spec.rcs_floor_ratio * threat.rcs;
    (0..n)
        .map(|piece| {
            let direction = loop {
                let d: Vector3<f64> = Vector3::from_fn(|_, _| StandardNormal.sample(&mut *rng));
                if d.norm() > 1e-9 {
                    break d.normalize();
                }
            };
            let u: f64 = rng.random();
            let beta = spec.ballistic_coefficient * 2f64.powf(2.0 * u - 1.0);
            let velocity = state.velocity.0 + direction * spec.separation_speed;
            let trajectory = falling(
                threat.class,
                &state.position.0,
                &velocity,
                time,
                beta,
                ground.clone(),
            );
            Fragment {
                threat: index,
                piece,
                trajectory,
                rcs: RcsFade {
                    since: time,
                    initial: share.max(floor),
                    floor,
                    decay_time: spec.rcs_decay_time,
                },
                key: piece_key(key, piece),
                glint,
                ballistic_coefficient: beta,
            }
        })
        .collect()
}

/// Whether a debris spec describes something that can fall.
fn usable(spec: &Debris) -> bool {
    spec.fragments > 0
        && spec.ballistic_coefficient.is_finite()
        && spec.ballistic_coefficient > 0.0
        && spec.separation_speed.is_finite()
        && spec.rcs_decay_time.is_finite()
        && spec.rcs_decay_time > 0.0
        && spec.rcs_floor_ratio.is_finite()
        && spec.rcs_floor_ratio >= 0.0
}

/// The random-stream key of piece `piece` of the threat of name key `key`: the threat's key
/// mixed with the piece number (SplitMix64's output function), never the threat's own.
fn piece_key(key: u64, piece: u32) -> u64 {
    let mut z =
        key ^ 0x6465_6272_6973_0000 ^ (u64::from(piece) + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// The fall of a body of class `class` and ballistic coefficient `beta` (kg/m²) from
/// `position` (ECEF, m) with `velocity` (ECEF axes, m/s) at `time` s to `ground` (see the
/// module notes), as a trajectory from `time` to its landing; a body already at or below
/// the ground ends where it starts.
pub fn falling(
    class: ThreatClass,
    position: &Vector3<f64>,
    velocity: &Vector3<f64>,
    time: f64,
    beta: f64,
    ground: Ground,
) -> Trajectory {
    Trajectory::sampled(class, fall(position, velocity, time, beta, ground))
}

/// The fall of [`falling`], as a sampled table.
fn fall(
    position: &Vector3<f64>,
    velocity: &Vector3<f64>,
    time: f64,
    beta: f64,
    ground: Ground,
) -> HermiteTable {
    let above = |r: &Vector3<f64>| Ecef(*r).to_geodetic().height - ground.height_under(r);
    let (mut r, mut v, mut t) = (*position, *velocity, time);
    let mut table = HermiteTable::with_capacity(256);
    table.push(t, r, v);
    // Each accepted point's height serves its ground test, its step and its first RK4
    // stage (one geodetic conversion instead of three; the same numbers).
    let mut height = Ecef(r).to_geodetic().height;
    if height - ground.height_under(&r) <= 0.0 {
        table.shrink();
        return table;
    }
    while t < time + MAX_FALL_TIME {
        let (a, drag) = acceleration_at(&r, &v, beta, height);
        let dt = step_with(&r, &v, drag).min(time + MAX_FALL_TIME - t);
        let (r_new, v_new) = rk4_from(&r, &v, dt, beta, &a);
        let h_new = Ecef(r_new).to_geodetic().height;
        if h_new - ground.height_under(&r_new) > 0.0 {
            (r, v, t, height) = (r_new, v_new, t + dt, h_new);
            table.push(t, r, v);
            continue;
        }
        let (h, r_hit, v_hit) = landing(&r, &v, dt, beta, &above);
        table.push(t + h, r_hit, v_hit);
        break;
    }
    table.shrink();
    table
}

/// The integration step at (r, v), s: 5 % of the drag time scale and 10 % of the density
/// time scale, within 1 ms and 1 s.
/// `drag` is the drag deceleration there (m/s²).
fn step_with(r: &Vector3<f64>, v: &Vector3<f64>, drag: f64) -> f64 {
    let tau_drag = if drag > 0.0 {
        v.norm() / drag
    } else {
        f64::INFINITY
    };
    let radial_rate = r.dot(v).abs() / r.norm();
    let tau_rho = STEP_SCALE_HEIGHT / radial_rate.max(1e-9);
    (0.05 * tau_drag).min(0.1 * tau_rho).clamp(1e-3, 1.0)
}

/// Where the step of length `dt` from (`r`, `v`) crosses the ground (`above` changes sign
/// over it): Illinois (modified regula falsi) on the step length. Returns (step length to
/// the crossing, position, velocity).
fn landing(
    r: &Vector3<f64>,
    v: &Vector3<f64>,
    dt: f64,
    beta: f64,
    above: &dyn Fn(&Vector3<f64>) -> f64,
) -> (f64, Vector3<f64>, Vector3<f64>) {
    let g = |h: f64| -> (f64, Vector3<f64>, Vector3<f64>) {
        let (rr, vv) = rk4(r, v, h, beta);
        (above(&rr), rr, vv)
    };
    let (mut lo, mut g_lo) = (0.0, above(r));
    let (end_above, end_r, end_v) = g(dt);
    let (mut hi, mut g_hi) = (dt, end_above);
    let mut hit = (dt, end_r, end_v);
    let mut side = 0;
    for _ in 0..200 {
        let h = (lo * g_hi - hi * g_lo) / (g_hi - g_lo);
        let (gh, rr, vv) = g(h);
        hit = (h, rr, vv);
        if gh.abs() < 1e-6 || hi - lo < 1e-12 {
            break;
        }
        if gh > 0.0 {
            (lo, g_lo) = (h, gh);
            if side == 1 {
                g_hi *= 0.5;
            }
            side = 1;
        } else {
            (hi, g_hi) = (h, gh);
            if side == -1 {
                g_lo *= 0.5;
            }
            side = -1;
        }
    }
    hit
}
