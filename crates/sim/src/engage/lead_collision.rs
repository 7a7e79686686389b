//! The first interceptor model ([`LeadCollisionInterceptor`]): the missile flies at its catalogue average
//! speed, steering each step straight at the lead-collision point computed from the
//! uplinked track (midcourse); once the aim point is within its seeker's acquisition
//! range it locks onto the object nearest the track estimate and steers on its own seeker
//! measurement of it, with a Gaussian aiming error (terminal). Heading changes are
//! instant — there is no airframe yet; issue 5 brings the 3-DOF flyout. The fuze fires at
//! the closest approach to any threat within the fuze range, solved exactly within the
//! step for straight-line relative motion, so nothing tunnels through at high closing
//! speed. A detonation within the lethal radius kills with the single-shot Pk. There is
//! no ground collision: a straight chord to a low target dips below the ellipsoid by
//! d²/8R (31 m over 40 km), which a real missile avoids by lofting.

use iadsim_core::Ecef;
use nalgebra::Vector3;
use rand_chacha::ChaCha8Rng;
use rand_distr::{Distribution, StandardNormal};

use super::lead::lead_collision_time;
use super::outcome::FlightOutcome;
use crate::track::tracker::Track;
use crate::truth::motion::ThreatMotionOverStep;
use iadsim_setup::Missile;

/// Seeker acquisition range of the first model, m.
pub const SEEKER_RANGE: f64 = 20_000.0;
/// Objects farther than this from the track estimate are not acquired by the seeker, m.
pub const ACQUISITION_BASKET: f64 = 5_000.0;

/// A missile in flight.
#[derive(Debug, Clone, PartialEq)]
pub struct LeadCollisionInterceptor {
    /// Interceptor index (launch order).
    pub id: usize,
    /// Battalion that launched and guides it.
    pub battalion: usize,
    /// Track it was sent against.
    pub track: u64,
    /// Its type.
    pub missile: Missile,
    /// Launch time, s.
    pub launch_time: f64,
    /// Time of the state below, s.
    pub time: f64,
    /// Position, ECEF, m.
    pub position: Vector3<f64>,
    /// Velocity, ECEF axes, m/s.
    pub velocity: Vector3<f64>,
    /// Threat index its seeker is locked on, if any.
    pub locked: Option<usize>,
    /// Seeker aiming error drawn at lock-on, m.
    aim_error: Vector3<f64>,
}

/// Time in [0, dt] of closest approach for straight-line relative motion r(t) = r0 + w·t,
/// and the distance then.
pub fn closest_approach(r0: &Vector3<f64>, w: &Vector3<f64>, dt: f64) -> (f64, f64) {
    let ww = w.norm_squared();
    let t = if ww > 0.0 {
        (-r0.dot(w) / ww).clamp(0.0, dt)
    } else {
        0.0
    };
    (t, (r0 + w * t).norm())
}

/// Whether straight-line relative motion r(t) = r0 + w·t stays farther than `range` (m)
/// for all t in [0, dt], told per axis without the closest-approach solve:
/// |r(t)| ≥ |rᵢ(t)| ≥ |r0ᵢ| − |wᵢ|·dt. A metre's margin dwarfs the rounding of both this
/// bound and [`closest_approach`]'s distance, so a pair this passes over is one that
/// solve would put beyond `range` too.
fn surely_apart(r0: &Vector3<f64>, w: &Vector3<f64>, dt: f64, range: f64) -> bool {
    (0..3).any(|i| r0[i].abs() - w[i].abs() * dt > range + 1.0)
}

impl LeadCollisionInterceptor {
    /// A missile leaving `launcher` at `time` against `track`, pointed at the
    /// lead-collision point (or straight at the track if there is none).
    pub fn launch(
        id: usize,
        battalion: usize,
        missile: Missile,
        launcher: &Ecef,
        time: f64,
        track: &Track,
    ) -> Self {
        let mut m = Self {
            id,
            battalion,
            track: track.id,
            missile,
            launch_time: time,
            time,
            position: launcher.0,
            velocity: Vector3::zeros(),
            locked: None,
            aim_error: Vector3::zeros(),
        };
        m.steer_on_track(track);
        m
    }

    /// Position at [`Self::time`], ECEF, m.
    pub fn position(&self) -> Ecef {
        Ecef(self.position)
    }

    /// Velocity at [`Self::time`], ECEF axes, m/s.
    pub fn velocity(&self) -> Ecef {
        Ecef(self.velocity)
    }

    fn steer_at(&mut self, target: Vector3<f64>, target_velocity: Vector3<f64>) {
        let speed = self.missile.average_speed;
        let aim = match lead_collision_time(&self.position, &target, &target_velocity, speed) {
            Some(t) => target + target_velocity * t,
            None => target,
        };
        let d = aim - self.position;
        if d.norm() > 1e-6 {
            self.velocity = d.normalize() * speed;
        }
    }

    fn steer_on_track(&mut self, track: &Track) {
        let (p, v) = track.extrapolate(self.time);
        self.steer_at(p.0, v.0);
    }

    /// Flies to `t1`: guidance from `track` (the uplink, `None` if the track is lost) or
    /// the seeker, then the fuze against `threats`.
    ///
    /// `threats` move linearly over the engine step [t0, t1]; `seeker_rng` draws the
    /// aiming error at lock-on. A detonation is reported with its miss distance; whether
    /// it kills is assessed by the caller ([`crate::assess::damage`]: the first model's
    /// cookie cutter, single-shot Pk within the lethal radius).
    pub fn fly(
        &mut self,
        t0: f64,
        t1: f64,
        track: Option<&Track>,
        threats: &[ThreatMotionOverStep],
        seeker_rng: &mut ChaCha8Rng,
    ) -> FlightOutcome {
        let dt = t1 - self.time;
        if dt <= 0.0 {
            return FlightOutcome::Flying;
        }
        // Where each threat is at this missile's own time (it may start mid-step).
        let step = Step {
            t0,
            t1,
            frac0: if t1 > t0 {
                (self.time - t0) / (t1 - t0)
            } else {
                0.0
            },
        };
        self.guide(&step, track, threats, seeker_rng);
        if let Some((tc, miss, threat)) = self.fuze(&step, threats, dt) {
            self.position += self.velocity * tc;
            self.time += tc;
            return FlightOutcome::Detonated {
                time: self.time,
                threat,
                miss,
            };
        }
        let before = self
            .locked
            .and_then(|k| threats.iter().find(|t| t.index == k))
            .map(|t| (step.at_start(t) - self.position, step.velocity_of(t)));
        self.position += self.velocity * dt;
        self.time = t1;
        if let Some((r0, v)) = before {
            // Past the closest approach without fuzing: the seeker has lost it.
            if r0.dot(&(v - self.velocity)) > 0.0 {
                return FlightOutcome::Lost {
                    time: t1,
                    reason: "missed",
                };
            }
        }
        if self.time - self.launch_time > self.missile.max_flight_time {
            return FlightOutcome::Lost {
                time: t1,
                reason: "self-destruct: maximum flight time",
            };
        }
        FlightOutcome::Flying
    }

    /// Steers for the step: on the seeker's locked object (with its aiming error), else
    /// on the uplinked `track`, opening the seeker when the estimate is within its range
    /// and locking onto the object nearest the estimate in the basket.
    fn guide(
        &mut self,
        step: &Step,
        track: Option<&Track>,
        threats: &[ThreatMotionOverStep],
        seeker_rng: &mut ChaCha8Rng,
    ) {
        if let Some(k) = self.locked {
            match threats.iter().find(|t| t.index == k) {
                Some(t) => {
                    let p = step.at_start(t) + self.aim_error;
                    self.steer_at(p, step.velocity_of(t));
                }
                None => self.locked = None,
            }
        }
        let Some(track) = track.filter(|_| self.locked.is_none()) else {
            return;
        };
        self.steer_on_track(track);
        let (estimate, _) = track.extrapolate(self.time);
        // The seeker opens when the target estimate is within its range.
        let within = (estimate.0 - self.position).norm() < SEEKER_RANGE;
        if !within {
            return;
        }
        let mut best: Option<(f64, usize)> = None;
        for t in threats {
            let d = (step.at_start(t) - estimate.0).norm();
            if d < ACQUISITION_BASKET && best.is_none_or(|b| d < b.0) {
                best = Some((d, t.index));
            }
        }
        if let Some((_, k)) = best {
            self.locked = Some(k);
            let sigma = self.missile.lethal_radius / 3.0;
            let mut g = || -> f64 { StandardNormal.sample(seeker_rng) };
            self.aim_error = Vector3::new(g(), g(), g()) * sigma;
            if let Some(t) = threats.iter().find(|t| t.index == k) {
                self.steer_at(step.at_start(t) + self.aim_error, step.velocity_of(t));
            }
        }
    }

    /// The fuze: the closest approach to any threat within the fuze range (two lethal
    /// radii) over the next `dt` s, as (time into the step s, distance m, threat).
    fn fuze(
        &self,
        step: &Step,
        threats: &[ThreatMotionOverStep],
        dt: f64,
    ) -> Option<(f64, f64, usize)> {
        let fuze_range = 2.0 * self.missile.lethal_radius;
        let mut hit: Option<(f64, f64, usize)> = None;
        for t in threats {
            let r0 = step.at_start(t) - self.position;
            let w = step.velocity_of(t) - self.velocity;
            if surely_apart(&r0, &w, dt, fuze_range) {
                continue;
            }
            let (tc, d) = closest_approach(&r0, &w, dt);
            if d <= fuze_range && hit.is_none_or(|h| d < h.1) {
                hit = Some((tc, d, t.index));
            }
        }
        hit
    }
}

/// The engine step [`t0`, `t1`] seen from a missile whose own clock is `frac0` of the way
/// into it.
struct Step {
    t0: f64,
    t1: f64,
    frac0: f64,
}

impl Step {
    /// Where threat `t` is at the missile's time.
    fn at_start(&self, t: &ThreatMotionOverStep) -> Vector3<f64> {
        t.position[0] + (t.position[1] - t.position[0]) * self.frac0
    }

    /// Threat `t`'s velocity over the step.
    fn velocity_of(&self, t: &ThreatMotionOverStep) -> Vector3<f64> {
        (t.position[1] - t.position[0]) / (self.t1 - self.t0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closest_approach_of_a_crossing_pass() {
        // Passing 30 m abeam at 3 km/s relative: closest at t = 1 s of a 2 s step.
        let r0 = Vector3::new(-3_000.0, 30.0, 0.0);
        let w = Vector3::new(3_000.0, 0.0, 0.0);
        let (t, d) = closest_approach(&r0, &w, 2.0);
        assert!((t - 1.0).abs() < 1e-12);
        assert!((d - 30.0).abs() < 1e-9);
        // Inside a step that ends before the pass, the end of the step is closest.
        let (t, d) = closest_approach(&r0, &w, 0.5);
        assert_eq!(t, 0.5);
        assert!((d - (1_500f64.powi(2) + 900.0).sqrt()).abs() < 1e-9);
    }

    #[test]
    fn surely_apart_only_when_the_solve_agrees() {
        let w = Vector3::new(3_000.0, 0.0, 0.0);
        // 1.5 km short after 0.5 s: apart at any fuze range under 1.5 km.
        assert!(surely_apart(
            &Vector3::new(-3_000.0, 30.0, 0.0),
            &w,
            0.5,
            100.0
        ));
        // The pass at 30 m within a 2 s step: not apart at 100 m.
        assert!(!surely_apart(
            &Vector3::new(-3_000.0, 30.0, 0.0),
            &w,
            2.0,
            100.0
        ));
        // 500 m abeam on another axis.
        assert!(surely_apart(
            &Vector3::new(-3_000.0, 0.0, 500.0),
            &w,
            2.0,
            100.0
        ));
        for (x, y, dt) in [
            (-3_000.0, 30.0, 0.5),
            (-3_000.0, 150.0, 2.0),
            (-100.0, 0.0, 0.1),
        ] {
            let r0 = Vector3::new(x, y, 0.0);
            if surely_apart(&r0, &w, dt, 100.0) {
                assert!(closest_approach(&r0, &w, dt).1 > 100.0);
            }
        }
    }
}
