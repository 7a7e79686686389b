//! Fuzing: the closest approach to a threat, solved within each integration step (the
//! kill it may make is assessed by [`crate::assess::damage`]).
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

use nalgebra::Vector3;

use super::dynamics::MissileState;
use crate::truth::motion::ThreatMotionOverStep;

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

/// One integration step of a missile: from state `from` at `time` s to `to`, `h` s later.
#[derive(Debug, Clone, Copy)]
pub struct Pass<'a> {
    /// State at the step's start.
    pub from: &'a MissileState,
    /// State at its end.
    pub to: &'a MissileState,
    /// Time of `from`, s.
    pub time: f64,
    /// Step length, s.
    pub h: f64,
}

/// Where the fuze fires in a step.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Hit {
    /// Time of the closest approach within the step, s in [0, h].
    pub time: f64,
    /// Miss distance, m.
    pub distance: f64,
    /// Threat index.
    pub threat: usize,
    /// Its velocity then, ECEF axes, m/s.
    pub target_velocity: Vector3<f64>,
}

/// The closest approach of the step `pass` to threat `m` (moving over the engine step
/// [`t0`, `t1`] s).
pub fn pass_of(pass: &Pass<'_>, m: &ThreatMotionOverStep, t0: f64, t1: f64) -> ClosestApproach {
    let (p0, tv) = m.at(t0, t1, pass.time);
    closest_approach(
        &pass.from.position,
        &pass.from.velocity,
        &pass.to.position,
        &pass.to.velocity,
        &p0,
        &tv,
        pass.h,
    )
}

/// Where the fuze fires in the step `pass`: the closest of the `threats` passed within
/// `fuze_range` (m), if any (ties: the first). A threat too far to come within range in
/// the step is not solved for.
pub fn nearest_pass(
    pass: &Pass<'_>,
    threats: &[ThreatMotionOverStep],
    t0: f64,
    t1: f64,
    fuze_range: f64,
) -> Option<Hit> {
    let mut hit: Option<Hit> = None;
    let reach = (pass.from.velocity.norm() + pass.to.velocity.norm()) * pass.h;
    for m in threats {
        let (p0, tv) = m.at(t0, t1, pass.time);
        let d_start = (p0 - pass.from.position).norm();
        if d_start > fuze_range + reach + tv.norm() * pass.h {
            continue;
        }
        let ca = closest_approach(
            &pass.from.position,
            &pass.from.velocity,
            &pass.to.position,
            &pass.to.velocity,
            &p0,
            &tv,
            pass.h,
        );
        if ca.passed && ca.distance <= fuze_range && hit.is_none_or(|x| ca.distance < x.distance) {
            hit = Some(Hit {
                time: ca.time,
                distance: ca.distance,
                threat: m.index,
                target_velocity: tv,
            });
        }
    }
    hit
}
