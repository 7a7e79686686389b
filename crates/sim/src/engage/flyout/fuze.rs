//! Fuzing and kill assessment.
//!
//! # Closest approach within a step
//!
//! Over one integration step [0, h] the missile's path is the cubic Hermite polynomial
//! through its start and end positions and velocities (the RK4 solution's own dense
//! output to O(h⁴)); the target moves linearly (the engine gives threats as straight
//! segments over its step). The relative distance is minimised exactly for these
//! curves: start from the straight-line relative-motion solution, then Newton on
//! f(s) = d(s)·d′(s) = 0 (a quintic) kept inside [0, h], and the end points compared. At
//! 5 km/s closing and a 0.01 s step the missile moves 50 m per step, and nothing tunnels:
//! the minimum is found wherever it falls in the step.
//!
//! The fuze fires at the closest approach to any threat within the fuze range, at the
//! moment the range stops decreasing (the minimum lies inside the step, i.e. the range
//! rate at the step's end is ≥ 0).
//!
//! # Damage function
//!
//! * [`DamageFunction::Gaussian`] (default): P_k(d) = P_k0·exp(−d²/(2·R_l²)) — the
//!   Carleton form, R_l the lethal radius (at d = R_l, 61 % of P_k0; at 2·R_l, 14 %).
//! * [`DamageFunction::CookieCutter`]: P_k0 if d ≤ R_l, else 0 (the first engine model's).
//!
//! P_k0 is the missile's single-shot Pk, R_l its lethal radius (both \[P\] in the catalogue).
//! The kill is one uniform draw u from the caller's seeded stream: killed iff u < P_k(d).

use nalgebra::Vector3;
use rand_chacha::ChaCha8Rng;

/// Closest approach over a step: missile Hermite path (`r0`, `v0`) → (`r1`, `v1`) and a
/// target moving linearly from `t0` with velocity `tv`, over `h` s.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ClosestApproach {
    /// Time of the minimum within the step, s in [0, h].
    pub time: f64,
    /// Distance at the minimum, m.
    pub distance: f64,
    /// Whether the range is opening at the end of the step (the minimum has been passed).
    pub passed: bool,
}

#[inline]
fn hermite(
    r0: &Vector3<f64>,
    v0: &Vector3<f64>,
    r1: &Vector3<f64>,
    v1: &Vector3<f64>,
    h: f64,
    s: f64,
) -> (Vector3<f64>, Vector3<f64>, Vector3<f64>) {
    let t = s / h;
    let t2 = t * t;
    let t3 = t2 * t;
    let p = r0 * (2.0 * t3 - 3.0 * t2 + 1.0)
        + v0 * (h * (t3 - 2.0 * t2 + t))
        + r1 * (-2.0 * t3 + 3.0 * t2)
        + v1 * (h * (t3 - t2));
    let dp = (r0 * (6.0 * t2 - 6.0 * t)
        + v0 * (h * (3.0 * t2 - 4.0 * t + 1.0))
        + r1 * (-6.0 * t2 + 6.0 * t)
        + v1 * (h * (3.0 * t2 - 2.0 * t)))
        / h;
    let ddp = (r0 * (12.0 * t - 6.0)
        + v0 * (h * (6.0 * t - 4.0))
        + r1 * (-12.0 * t + 6.0)
        + v1 * (h * (6.0 * t - 2.0)))
        / (h * h);
    (p, dp, ddp)
}

/// Solves the closest approach described on [`ClosestApproach`].
pub fn closest_approach(
    r0: &Vector3<f64>,
    v0: &Vector3<f64>,
    r1: &Vector3<f64>,
    v1: &Vector3<f64>,
    t0: &Vector3<f64>,
    tv: &Vector3<f64>,
    h: f64,
) -> ClosestApproach {
    let rel = |s: f64| {
        let (p, dp, ddp) = hermite(r0, v0, r1, v1, h, s);
        (p - (t0 + tv * s), dp - tv, ddp)
    };
    let (d_end, dd_end, _) = rel(h);
    let passed = d_end.dot(&dd_end) >= 0.0;
    // Straight-line start.
    let d0 = r0 - t0;
    let w = (r1 - r0) / h - tv;
    let ww = w.norm_squared();
    let mut s = if ww > 0.0 {
        (-d0.dot(&w) / ww).clamp(0.0, h)
    } else {
        0.0
    };
    for _ in 0..4 {
        let (d, dd, ddd) = rel(s);
        let f = d.dot(&dd);
        let fp = dd.norm_squared() + d.dot(&ddd);
        if fp <= 0.0 {
            break;
        }
        let next = (s - f / fp).clamp(0.0, h);
        if (next - s).abs() < 1e-12 * h.max(1e-9) {
            s = next;
            break;
        }
        s = next;
    }
    let mut best = (s, rel(s).0.norm());
    for e in [0.0, h] {
        let de = rel(e).0.norm();
        if de < best.1 {
            best = (e, de);
        }
    }
    ClosestApproach {
        time: best.0,
        distance: best.1,
        passed,
    }
}

/// How miss distance maps to kill probability (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum DamageFunction {
    /// P_k0·exp(−d²/(2R_l²)).
    #[default]
    Gaussian,
    /// P_k0 within R_l, 0 beyond.
    CookieCutter,
}

impl DamageFunction {
    /// Kill probability at miss distance `miss` (m) for single-shot `pk0` and lethal radius
    /// `lethal_radius` (m).
    pub fn pk(self, miss: f64, pk0: f64, lethal_radius: f64) -> f64 {
        match self {
            DamageFunction::Gaussian => {
                pk0 * (-(miss * miss) / (2.0 * lethal_radius * lethal_radius)).exp()
            }
            DamageFunction::CookieCutter => {
                if miss <= lethal_radius {
                    pk0
                } else {
                    0.0
                }
            }
        }
    }

    /// One kill draw from `rng` (always exactly one uniform number).
    pub fn draw(self, miss: f64, pk0: f64, lethal_radius: f64, rng: &mut ChaCha8Rng) -> bool {
        let u: f64 = rand::RngExt::random(rng);
        u < self.pk(miss, pk0, lethal_radius)
    }
}
