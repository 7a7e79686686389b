//! Ballistic trajectories: a Keplerian arc from burnout to impact, with optional drag on
//! re-entry.
//!
//! # Model
//!
//! * **Gravity**: point mass, μ = `wgs84::GM`, inverse square; the Earth does not rotate:
//!   the trajectory is a Kepler arc in Earth-fixed axes, i.e. the Coriolis and
//!   centrifugal accelerations are neglected. They would bend a real trajectory by
//!   several per cent of its range; a rotating-Earth model would re-solve the burnout
//!   state to hit the same aim. That is the next refinement, with J2.
//! * **Burnout** happens at the launch site at `start_time`: the boost phase is not
//!   modelled. The arc starts at the launch point's ECEF position and ends at the impact
//!   point's ECEF position, both exactly.
//! * **Geometry** (the "consistent scheme"): the dynamics are spherical (central gravity)
//!   but the end points sit on the WGS-84 ellipsoid at their own radii r₁ = |launch|,
//!   r₂ = |impact| (6,357–6,378 km, plus site heights) rather than on a sphere of radius
//!   `MEAN_RADIUS`. The trajectory lies in the plane of launch, impact and the Earth's
//!   centre; ψ is the central angle between the two ECEF position vectors. Heights along
//!   the path are true geodetic heights of the ECEF position. With r₁ = r₂ = R this is
//!   exactly the spherical textbook problem (the tests check the textbook minimum-energy worked example that way, docs/sources.md); on
//!   the ellipsoid the burnout speed, apogee and flight time differ from the R-sphere
//!   figures by ≲ 0.3 %. The flight-path angle γ is measured from the plane normal to the
//!   position vector (the spherical local horizontal), which differs from the ellipsoid
//!   horizontal by ≤ 0.19°.
//! * **Burnout speed** for a given γ (Bate–Mueller–White §6: the polar conic equation
//!   1/r(θ) = μ(1 − cos θ)/h² + cos(θ + γ)/(r₁ cos γ), h = r₁·v·cos γ, evaluated at
//!   r(ψ) = r₂):
//!   v² = μ(1 − cos ψ) / (r₁ cos γ · (r₁ cos γ / r₂ − cos(ψ + γ))).
//!   The minimum-energy angle maximises the denominator: tan 2γ = sin ψ / (r₁/r₂ − cos ψ),
//!   i.e. γ = (π − ψ)/4 when r₁ = r₂. A solution needs 0 < γ < π/2, a positive
//!   denominator, a bound orbit (v² < 2μ/r₁) and an impact on the descending branch.
//! * **Propagation without drag** is analytic: Kepler's equation is solved by a
//!   safeguarded Newton iteration at every query (O(1), 2–4 iterations), exact
//!   to rounding; energy and angular momentum are conserved to ~1e-15.
//! * **Drag** (with a ballistic coefficient β = m/(C_D·A), kg/m²): a = −ρ(h)·|v|·v/(2β),
//!   ρ from the US Standard Atmosphere 1976 (`iadsim_core::atmosphere::us1976`, its
//!   isothermal continuation above 86 km) at the geodetic height, acts on the
//!   *descending* branch only, from the re-entry interface (150 km above the
//!   impact radius, or the apogee if lower). Drag on the ascent belongs to the boost
//!   phase, which this model replaces by burnout at the launch point; an unpowered climb
//!   from sea level through the dense air at burnout speed would be unphysical. The
//!   descent is integrated with fourth-order Runge–Kutta at a step of 5 % of the drag
//!   time-scale |v|/|a_drag| and 10 % of the density time-scale H/|ṙ| (1 ms to 1 s), every
//!   step stored and interpolated with cubic Hermite polynomials (interpolation error
//!   < 0.1 mm). Integration error, by step refinement: ~1–2 cm in the impact point and
//!   ~1e-4 s in time (RK4 drops to about third order at the kinks of the density profile
//!   at the layer boundaries). Drag shortens the range, so the burnout speed (γ fixed) is
//!   re-solved by the secant method, with this same integrator, until the impact lands
//!   within 1 mm of the aim point (100 m is the accepted worst case after 60
//!   iterations). Impact is the instant the radius falls to r₂, solved inside the last
//!   step to 1e-7 m. Height above the ellipsoid stands in for height above sea level.

use iadsim_core::atmosphere::us1976;
use iadsim_core::ballistic::Arc;
use iadsim_core::{Ecef, Geodetic, wgs84};
use nalgebra::Vector3;
use std::f64::consts::{FRAC_PI_2, PI, TAU};

use super::error::TruthError;
use super::table::HermiteTable;
use iadsim_setup::BallisticProfile;

const MU: f64 = wgs84::GM;
/// Height of the re-entry interface above the impact radius, m.
const INTERFACE_HEIGHT: f64 = 150_000.0;
/// Density scale height used only to choose the integration step, m.
const STEP_SCALE_HEIGHT: f64 = 7_000.0;
/// Secant tolerance on the miss distance, m.
const AIM_TOLERANCE: f64 = 1e-3;
/// Miss distance accepted if the secant method stalls, m.
const AIM_TOLERANCE_WORST: f64 = 100.0;

/// An elliptic Keplerian orbit with its epoch, in ECEF axes (non-rotating model).
#[derive(Debug, Clone, Copy)]
pub(super) struct Kepler {
    /// Unit vector to perigee.
    p_hat: Vector3<f64>,
    /// Unit vector 90° ahead of perigee in the orbit plane.
    q_hat: Vector3<f64>,
    /// Semi-major axis, m.
    a: f64,
    /// Semi-minor axis, m.
    b: f64,
    /// Eccentricity.
    e: f64,
    /// Mean motion, rad/s.
    n: f64,
    /// Mean anomaly at `t0`, rad, in [0, 2π).
    m0: f64,
    /// Epoch, s.
    t0: f64,
}

impl Kepler {
    /// The orbit through position `r` (m) with velocity `v` (m/s) at time `t0` (s).
    fn from_state(r: Vector3<f64>, v: Vector3<f64>, t0: f64) -> Result<Self, String> {
        let rn = r.norm();
        let energy = 0.5 * v.norm_squared() - MU / rn;
        if energy.is_nan() || energy >= 0.0 {
            return Err(format!(
                "burnout speed {:.1} m/s reaches escape speed; no ballistic arc",
                v.norm()
            ));
        }
        let a = -MU / (2.0 * energy);
        let h = r.cross(&v);
        let e_vec = ((v.norm_squared() - MU / rn) * r - r.dot(&v) * v) / MU;
        let e = e_vec.norm();
        let p_hat = if e > 1e-12 { e_vec / e } else { r / rn };
        let q_hat = h.normalize().cross(&p_hat);
        let b = a * (1.0 - e * e).sqrt();
        let n = (MU / (a * a * a)).sqrt();
        let (cos_nu, sin_nu) = (p_hat.dot(&r) / rn, q_hat.dot(&r) / rn);
        let e0 = ecc_from_true(e, sin_nu, cos_nu);
        Ok(Self {
            p_hat,
            q_hat,
            a,
            b,
            e,
            n,
            m0: e0 - e * e0.sin(),
            t0,
        })
    }

    /// Eccentric anomaly at launch, rad, in [0, 2π).
    fn e_start(&self) -> f64 {
        self.solve_kepler(self.m0)
    }

    /// Time at which the eccentric anomaly reaches `ea` (rad, ≥ the launch value), s.
    fn time_at(&self, ea: f64) -> f64 {
        self.t0 + (ea - self.e * ea.sin() - self.m0) / self.n
    }

    /// Eccentric anomaly, rad, for mean anomaly `m`, rad (any real).
    fn solve_kepler(&self, m: f64) -> f64 {
        let turns = (m / TAU).floor();
        let mr = m - turns * TAU;
        let e = self.e;
        // Second-order series start, E ≈ M + e·sin M·(1 + e·cos M): exact at apogee
        // (M = π), where ballistic arcs live, so Newton's method needs 2–3 steps there.
        // f(E) = E − e·sin E − M increases and has its root in [M − e, M + e]; a Newton
        // step that would leave the shrinking bracket is replaced by bisection, so the
        // iteration converges for every e < 1 and M.
        let (sm, cm) = mr.sin_cos();
        let (mut lo, mut hi) = (mr - e, mr + e);
        let mut ea = (mr + e * sm * (1.0 + e * cm)).clamp(lo, hi);
        for _ in 0..200 {
            let (s, c) = ea.sin_cos();
            let f = ea - e * s - mr;
            if f > 0.0 {
                hi = ea;
            } else {
                lo = ea;
            }
            let newton = ea - f / (1.0 - e * c);
            // Quadratic convergence: a step below 1e-8 leaves an error of
            // ~ e/(2(1 − e))·1e-16 rad, and any E gives a state exactly on the orbit (an
            // error in E only shifts the time, here by < 1e-12 s).
            if (newton - ea).abs() < 1e-8 {
                ea = newton;
                break;
            }
            if newton > lo && newton < hi {
                ea = newton;
            } else {
                ea = 0.5 * (lo + hi);
                if hi - lo < 1e-15 {
                    break;
                }
            }
        }
        ea + turns * TAU
    }

    /// Position (m) at eccentric anomaly `ea` given its sine `s` and cosine `c`.
    #[inline(always)]
    fn position_at_anomaly(&self, s: f64, c: f64) -> Vector3<f64> {
        self.p_hat * (self.a * (c - self.e)) + self.q_hat * (self.b * s)
    }

    /// Position (m) and velocity (m/s) at eccentric anomaly `ea`.
    fn state_at_anomaly(&self, ea: f64) -> (Vector3<f64>, Vector3<f64>) {
        let (s, c) = ea.sin_cos();
        let pos = self.position_at_anomaly(s, c);
        let ea_dot = self.n / (1.0 - self.e * c);
        let vel = (self.p_hat * (-self.a * s) + self.q_hat * (self.b * c)) * ea_dot;
        (pos, vel)
    }

    /// Greatest distance from the Earth's centre anywhere on the orbit (apogee radius
    /// a(1 + e)), m.
    pub(super) fn max_radius(&self) -> f64 {
        self.a * (1.0 + self.e)
    }

    /// Position (m) and velocity (m/s) at time `t`, s.
    pub(super) fn state(&self, t: f64) -> (Vector3<f64>, Vector3<f64>) {
        let m = self.m0 + self.n * (t - self.t0);
        self.state_at_anomaly(self.solve_kepler(m))
    }

    /// Position (m) at time `t`, s: exactly the position of [`Kepler::state`].
    pub(super) fn position(&self, t: f64) -> Vector3<f64> {
        let m = self.m0 + self.n * (t - self.t0);
        let (s, c) = self.solve_kepler(m).sin_cos();
        self.position_at_anomaly(s, c)
    }
}

/// Eccentric anomaly in [0, 2π) from the true anomaly's sine and cosine.
fn ecc_from_true(e: f64, sin_nu: f64, cos_nu: f64) -> f64 {
    let ea = ((1.0 - e * e).sqrt() * sin_nu).atan2(e + cos_nu);
    if ea < 0.0 { ea + TAU } else { ea }
}

/// A ballistic trajectory built by [`build`].
#[derive(Debug, Clone)]
pub(super) struct BuiltBallistic {
    /// The free-flight arc (all of the flight without drag; up to `switch_time` with).
    pub(super) kepler: Kepler,
    /// With drag: the descent from `switch_time` to impact.
    pub(super) tail: Option<HermiteTable>,
    /// Start of the tail, s (end time when there is no tail).
    pub(super) switch_time: f64,
    /// Impact time, s.
    pub(super) end_time: f64,
    /// The impact point, ECEF, m.
    pub(super) aim: Vector3<f64>,
}

/// Downrange central angle of a position `r` (ECEF, m) along `arc`, rad.
fn range_angle(arc: &Arc, r: &Vector3<f64>) -> f64 {
    r.dot(&arc.e2).atan2(r.dot(&arc.e1))
}

/// Builds the trajectory from burnout at `launch` (time `start_time`) to `impact`.
pub(super) fn build(
    launch: &Geodetic,
    impact: &Geodetic,
    profile: &BallisticProfile,
    ballistic_coefficient: Option<f64>,
    start_time: f64,
) -> Result<BuiltBallistic, TruthError> {
    let err = |m: String| TruthError::Ballistic(m);
    let plane = Plane::new(launch, impact)?;
    let gamma = flight_path_angle(&plane, profile)?;
    let Some(v_kepler) = plane.arc.burnout_speed(gamma) else {
        return Err(err(format!(
            "no conic reaches the impact point at flight-path angle {:.3}° (too flat)",
            gamma.to_degrees()
        )));
    };
    let direction = plane.arc.e1 * gamma.sin() + plane.arc.e2 * gamma.cos();
    let kepler = Kepler::from_state(plane.r1v, direction * v_kepler, start_time).map_err(err)?;
    let end_kepler = impact_time(&kepler, &plane)?;
    let Some(beta) = ballistic_coefficient else {
        return Ok(BuiltBallistic {
            kepler,
            tail: None,
            switch_time: end_kepler,
            end_time: end_kepler,
            aim: plane.r2v,
        });
    };
    if !(beta.is_finite() && beta > 0.0) {
        return Err(err(format!(
            "ballistic coefficient must be finite and > 0 kg/m², got {beta}"
        )));
    }
    let burnout = Burnout {
        direction,
        speed: v_kepler,
        time: start_time,
        gamma,
    };
    with_drag(&plane, &burnout, beta)
}

/// The plane of flight: launch and impact positions (ECEF, m) and the arc between them
/// (geocentric radii, in-plane axes, central angle ψ).
struct Plane {
    r1v: Vector3<f64>,
    r2v: Vector3<f64>,
    arc: Arc,
}

impl Plane {
    /// The plane through `launch`, `impact` and the Earth's centre; an error when either
    /// is not a valid point or they are the same or antipodal.
    fn new(launch: &Geodetic, impact: &Geodetic) -> Result<Self, TruthError> {
        let err = |m: String| TruthError::Ballistic(m);
        for (name, p) in [("launch", launch), ("impact", impact)] {
            if !(p.lat.is_finite() && p.lon.is_finite() && p.height.is_finite())
                || p.lat.abs() > FRAC_PI_2
                || p.height.abs() > 1.0e6
            {
                return Err(err(format!(
                    "{name} point is not a valid geodetic point: {p:?}"
                )));
            }
        }
        let (launch, impact) = (launch.to_ecef(), impact.to_ecef());
        let arc = Arc::between(&launch, &impact).map_err(|e| err(e.to_string()))?;
        Ok(Self {
            r1v: launch.0,
            r2v: impact.0,
            arc,
        })
    }
}

/// The burnout flight-path angle of `profile` in `plane`, rad: the minimum-energy angle
/// γ = ½·atan2(sin ψ, ρ − cos ψ), ρ = r₁/r₂, or the lofted / depressed angle given,
/// checked against it.
fn flight_path_angle(plane: &Plane, profile: &BallisticProfile) -> Result<f64, TruthError> {
    let err = |m: String| TruthError::Ballistic(m);
    let gamma_me = plane.arc.minimum_energy_angle();
    let gamma = match *profile {
        BallisticProfile::MinimumEnergy => gamma_me,
        BallisticProfile::Lofted { flight_path_angle } => {
            if flight_path_angle.is_nan() || flight_path_angle < gamma_me - 1e-9 {
                return Err(err(format!(
                    "lofted flight-path angle {:.3}° is below the minimum-energy angle {:.3}°",
                    flight_path_angle.to_degrees(),
                    gamma_me.to_degrees()
                )));
            }
            flight_path_angle
        }
        BallisticProfile::Depressed { flight_path_angle } => {
            if flight_path_angle.is_nan() || flight_path_angle > gamma_me + 1e-9 {
                return Err(err(format!(
                    "depressed flight-path angle {:.3}° is above the minimum-energy angle {:.3}°",
                    flight_path_angle.to_degrees(),
                    gamma_me.to_degrees()
                )));
            }
            flight_path_angle
        }
    };
    if !(gamma > 0.0 && gamma < FRAC_PI_2) {
        return Err(err(format!(
            "flight-path angle {:.3}° is outside (0°, 90°)",
            gamma.to_degrees()
        )));
    }
    Ok(gamma)
}

/// The time the Kepler arc `kepler` reaches the impact point of `plane`, s: on its
/// descending branch (true anomaly in (π, 2π)), or an error.
fn impact_time(kepler: &Kepler, plane: &Plane) -> Result<f64, TruthError> {
    let e1 = plane.arc.e1;
    let nu1 = kepler.q_hat.dot(&e1).atan2(kepler.p_hat.dot(&e1));
    let nu2 = nu1 + plane.arc.psi;
    if nu2.is_nan() || nu2.sin() >= 0.0 {
        return Err(TruthError::Ballistic(
            "the arc reaches the impact point while still climbing".into(),
        ));
    }
    let e_impact = {
        let ea = ecc_from_true(kepler.e, nu2.sin(), nu2.cos());
        let e_launch = kepler.e_start();
        // Unwrap so that the impact anomaly follows the launch anomaly.
        if ea < e_launch { ea + TAU } else { ea }
    };
    Ok(kepler.time_at(e_impact))
}

/// The burnout state without drag: direction (unit, ECEF), speed (m/s), time (s) and
/// flight-path angle (rad).
struct Burnout {
    direction: Vector3<f64>,
    speed: f64,
    time: f64,
    gamma: f64,
}

/// With drag of ballistic coefficient `beta` (kg/m²): the burnout speed re-solved (γ
/// fixed) so that the impact stays on the aim, and the descent sampled.
fn with_drag(plane: &Plane, burnout: &Burnout, beta: f64) -> Result<BuiltBallistic, TruthError> {
    let err = |m: String| TruthError::Ballistic(m);
    let (r1v, direction, start_time) = (plane.r1v, burnout.direction, burnout.time);
    let miss = |v: f64| -> Result<f64, TruthError> {
        let k = Kepler::from_state(r1v, direction * v, start_time).map_err(err)?;
        let d = descend(&k, &plane.arc, beta, 1.0, None).map_err(err)?;
        Ok((d.range_angle - plane.arc.psi) * plane.arc.r2)
    };
    let best = aim_speed(plane, burnout.speed, miss)?;
    if best.0 > AIM_TOLERANCE_WORST {
        return Err(err(format!(
            "with ballistic coefficient {beta} kg/m² no burnout speed at {:.3}° reaches the aim \
             (best miss {:.0} m)",
            burnout.gamma.to_degrees(),
            best.0
        )));
    }
    let kepler = Kepler::from_state(r1v, direction * best.1, start_time).map_err(err)?;
    let mut table = HermiteTable::with_capacity(512);
    let d = descend(&kepler, &plane.arc, beta, 1.0, Some(&mut table)).map_err(err)?;
    table.shrink();
    Ok(BuiltBallistic {
        kepler,
        tail: Some(table),
        switch_time: d.switch_time,
        end_time: d.impact_time,
        aim: plane.r2v,
    })
}

/// The burnout speed whose descent lands on the aim: secant iterations on `miss` (m,
/// signed) from the drag-free speed `v_kepler`, kept below escape speed. Returns the
/// best (|miss|, speed) found.
fn aim_speed(
    plane: &Plane,
    v_kepler: f64,
    miss: impl Fn(f64) -> Result<f64, TruthError>,
) -> Result<(f64, f64), TruthError> {
    let mut v0 = v_kepler;
    let mut f0 = miss(v0)?;
    let mut best = (f0.abs(), v0);
    if f0.abs() > AIM_TOLERANCE {
        // Range grows roughly as v², so a relative speed change of ½·(miss/range).
        let mut v1 = v0 * (1.0 - 0.5 * f0 / (plane.arc.psi * plane.arc.r2));
        for _ in 0..60 {
            let f1 = miss(v1)?;
            if f1.abs() < best.0 {
                best = (f1.abs(), v1);
            }
            if f1.abs() <= AIM_TOLERANCE || f1 == f0 {
                break;
            }
            let v2 = v1 - f1 * (v1 - v0) / (f1 - f0);
            (v0, f0) = (v1, f1);
            // Stay below escape speed; halve the way there if the secant overshoots.
            let v_escape = (2.0 * MU / plane.arc.r1).sqrt();
            v1 = if v2 > 0.0 && v2 < v_escape {
                v2
            } else {
                0.5 * (v0 + v_escape)
            };
        }
    }
    Ok(best)
}

/// Result of one descent with drag.
struct Descent {
    switch_time: f64,
    impact_time: f64,
    range_angle: f64,
    #[cfg_attr(not(test), allow(dead_code))] // read by the step-convergence test
    impact_speed: f64,
}

/// Acceleration, m/s², and drag acceleration magnitude, m/s², at (r, v).
pub(super) fn acceleration(r: &Vector3<f64>, v: &Vector3<f64>, beta: f64) -> (Vector3<f64>, f64) {
    // Height above the ellipsoid stands in for height above mean sea level (the geoid
    // differs by < 110 m: a few per cent of density at most).
    acceleration_at(r, v, beta, Ecef(*r).to_geodetic().height)
}

/// [`acceleration`] at `r` whose height above the ellipsoid (m) is `height`, already
/// known.
pub(super) fn acceleration_at(
    r: &Vector3<f64>,
    v: &Vector3<f64>,
    beta: f64,
    height: f64,
) -> (Vector3<f64>, f64) {
    let rn = r.norm();
    let gravity = r * (-MU / (rn * rn * rn));
    let speed = v.norm();
    let drag = us1976(height).density * speed / (2.0 * beta);
    (gravity - v * drag, drag * speed)
}

/// One classical Runge–Kutta step of length `h`.
pub(super) fn rk4(
    r: &Vector3<f64>,
    v: &Vector3<f64>,
    h: f64,
    beta: f64,
) -> (Vector3<f64>, Vector3<f64>) {
    rk4_from(r, v, h, beta, &acceleration(r, v, beta).0)
}

/// [`rk4`] given the acceleration `a1` at the start (r, v), already known.
pub(super) fn rk4_from(
    r: &Vector3<f64>,
    v: &Vector3<f64>,
    h: f64,
    beta: f64,
    a1: &Vector3<f64>,
) -> (Vector3<f64>, Vector3<f64>) {
    let a1 = *a1;
    let (r2, v2) = (r + v * (0.5 * h), v + a1 * (0.5 * h));
    let (a2, _) = acceleration(&r2, &v2, beta);
    let (r3, v3) = (r + v2 * (0.5 * h), v + a2 * (0.5 * h));
    let (a3, _) = acceleration(&r3, &v3, beta);
    let (r4, v4) = (r + v3 * h, v + a3 * h);
    let (a4, _) = acceleration(&r4, &v4, beta);
    (
        r + (v + v2 * 2.0 + v3 * 2.0 + v4) * (h / 6.0),
        v + (a1 + a2 * 2.0 + a3 * 2.0 + a4) * (h / 6.0),
    )
}

/// Where the step of length `dt` from (`r`, `v`) ending at (`r_new`, `v_new`) crosses the
/// impact radius `r2`: Illinois (modified regula falsi) on the step length. Returns (step
/// length to the crossing, position, velocity).
fn impact_in_step(
    r: &Vector3<f64>,
    v: &Vector3<f64>,
    dt: f64,
    r_new: &Vector3<f64>,
    v_new: &Vector3<f64>,
    beta: f64,
    r2: f64,
) -> (f64, Vector3<f64>, Vector3<f64>) {
    let g = |h: f64| -> (f64, Vector3<f64>, Vector3<f64>) {
        let (rr, vv) = rk4(r, v, h, beta);
        (rr.norm() - r2, rr, vv)
    };
    let (mut lo, mut g_lo) = (0.0, r.norm() - r2);
    let (mut hi, mut g_hi) = (dt, r_new.norm() - r2);
    let mut hit = (dt, *r_new, *v_new);
    let mut side = 0;
    for _ in 0..200 {
        let h = (lo * g_hi - hi * g_lo) / (g_hi - g_lo);
        let (gh, rr, vv) = g(h);
        hit = (h, rr, vv);
        if gh.abs() < 1e-7 || hi - lo < 1e-12 {
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

/// Integrates the descent with drag from the re-entry interface to the impact radius;
/// `step_scale` multiplies the step (1 in use; smaller in the convergence test).
fn descend(
    kepler: &Kepler,
    geo: &Arc,
    beta: f64,
    step_scale: f64,
    mut table: Option<&mut HermiteTable>,
) -> Result<Descent, String> {
    let r_interface = geo.r2 + INTERFACE_HEIGHT;
    let apogee = kepler.a * (1.0 + kepler.e);
    let ea = if apogee <= r_interface {
        PI
    } else {
        TAU - ((1.0 - r_interface / kepler.a) / kepler.e).acos()
    };
    let switch_time = kepler.time_at(ea);
    let (mut r, mut v) = kepler.state_at_anomaly(ea);
    let mut t = switch_time;
    if let Some(tab) = table.as_deref_mut() {
        tab.push(t, r, v);
    }
    // Generous bound: a descent never takes longer than a full orbit.
    let t_limit = switch_time + TAU / kepler.n;
    while t < t_limit {
        let (_, drag) = acceleration(&r, &v, beta);
        let radial_rate = r.dot(&v).abs() / r.norm();
        let tau_drag = if drag > 0.0 {
            v.norm() / drag
        } else {
            f64::INFINITY
        };
        let tau_rho = STEP_SCALE_HEIGHT / radial_rate.max(1e-9);
        let dt = step_scale * (0.05 * tau_drag).min(0.1 * tau_rho).clamp(1e-3, 1.0);
        let (r_new, v_new) = rk4(&r, &v, dt, beta);
        if r_new.norm() > geo.r2 {
            t += dt;
            (r, v) = (r_new, v_new);
            if let Some(tab) = table.as_deref_mut() {
                tab.push(t, r, v);
            }
            continue;
        }
        // Impact inside this step.
        let hit = impact_in_step(&r, &v, dt, &r_new, &v_new, beta, geo.r2);
        let (h, r_hit, v_hit) = hit;
        let impact_time = t + h;
        if let Some(tab) = table.as_deref_mut() {
            tab.push(impact_time, r_hit, v_hit);
        }
        return Ok(Descent {
            switch_time,
            impact_time,
            range_angle: range_angle(geo, &r_hit),
            impact_speed: v_hit.norm(),
        });
    }
    Err("the descent with drag did not reach the ground".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The drag integration converges: a step sixteen times finer moves the impact by
    /// ~1 cm and changes its time by ~1e-4 s (the density's kinks at the US 1976 layer
    /// boundaries hold RK4 to about third order).
    #[test]
    fn drag_descent_is_converged_in_the_step() {
        let launch = Geodetic::from_degrees(45.0, 30.0, 0.0);
        let impact = Geodetic::from_degrees(50.0, 38.0, 0.0);
        for beta in [800.0, 5_000.0, 40_000.0] {
            let r1v = launch.to_ecef().0;
            let geo = Arc::between(&launch.to_ecef(), &impact.to_ecef()).unwrap();
            let gamma: f64 = 0.7;
            let dir = geo.e1 * gamma.sin() + geo.e2 * gamma.cos();
            let k = Kepler::from_state(r1v, dir * 3_000.0, 0.0).unwrap();
            let a = descend(&k, &geo, beta, 1.0, None).unwrap();
            let b = descend(&k, &geo, beta, 1.0 / 16.0, None).unwrap();
            let range_diff = (a.range_angle - b.range_angle).abs() * geo.r2;
            let dt = (a.impact_time - b.impact_time).abs();
            let dv = (a.impact_speed - b.impact_speed).abs() / b.impact_speed;
            println!("β {beta}: Δrange {range_diff:.2e} m, Δt {dt:.2e} s, Δv/v {dv:.2e}");
            assert!(range_diff < 0.05, "β {beta}: {range_diff} m");
            assert!(dt < 5e-4, "β {beta}: {dt} s");
            assert!(dv < 5e-5, "β {beta}: {dv}");
        }
    }
}
