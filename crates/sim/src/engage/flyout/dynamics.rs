//! Three-degree-of-freedom point-mass equations of motion over the WGS-84 Earth, and the
//! fixed-step fourth-order Runge-Kutta integrator.
//!
//! # Model
//!
//! State: position r (ECEF, m), velocity v (ECEF axes, m/s), mass m (kg) and the achieved
//! lateral acceleration a_L (ECEF axes, m/s²), which follows the guidance command a_c
//! through a first-order autopilot lag τ: ȧ_L = (a_c − a_L)/τ.
//!
//! Accelerations:
//!
//! * **thrust** T/m along the velocity (zero angle of attack for the thrust line);
//!   ṁ = −T/(I_sp·g₀) while the motor burns;
//! * **drag** q·S·C_D0(M)/m along −v, with q = ½ρ|v|², ρ and the speed of sound from
//!   the US Standard Atmosphere 1976 at the height above the ellipsoid (0 above the
//!   atmosphere's use: it is continued isothermally by `iadsim_core::atmosphere`);
//! * **lift**: a_L projected perpendicular to v and limited to
//!   a_max = min(n_max·g₀, q·S·C_Nα·α_max/m + a_gd), plus the drag it induces
//!   ([`super::aero::induced_drag`]); a_gd is the gas-dynamic (side-thruster) control of
//!   airframes that have it (0 for the others), which needs no air and induces no drag;
//! * **gravity**: inverse-square point mass, −μ·r/|r|³ (J2 ignored: < 0.2 % of g);
//! * **Earth rotation** (option, off by default): with it on, the frame is the rotating
//!   ECEF frame and the Coriolis −2ω×v and centrifugal −ω×(ω×r) terms are added, the air
//!   moving with the Earth. With it off, ECEF is treated as inertial, the same
//!   convention as the threat truth (`crate::truth`), so that interceptor and threat live in
//!   one consistent frame. The error this causes is shown in the tests
//!   (`tests/flyout_dynamics.rs`): on a guided 40N6E flyout of 330 s to ~350 km the
//!   time of flight changes by 0.24 % and the terminal speed by 1.2 %, and it intercepts
//!   either way (guidance absorbs the ~2ω·v ≈ 0.3 m/s² drift).
//!
//! Height: |r| minus the ellipsoid's geocentric radius in the direction of r. It differs
//! from the geodetic height by less than 0.5 m below 100 km (a fraction e⁴·h of the
//! height), and costs one square root instead of an iteration.
//!
//! # Integration
//!
//! Classical RK4 at a fixed step; the caller splits steps at the motor's burn-out
//! instants so thrust is constant within each step, and holds the guidance command
//! constant over a step (zero-order hold, as a sampled autopilot does). The right-hand
//! side is C¹ in the state (monotone-cubic drag tables) apart from the kinks of the
//! atmosphere's temperature profile at layer bases; the tests show fourth-order
//! convergence.

use iadsim_core::{atmosphere, wgs84};
use nalgebra::Vector3;

use super::airframes::Airframe;

/// Earth rotation vector ω in ECEF, rad/s.
pub const OMEGA: Vector3<f64> = Vector3::new(0.0, 0.0, wgs84::OMEGA);

/// The integrated state of a missile.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MissileState {
    /// Position, ECEF, m.
    pub position: Vector3<f64>,
    /// Velocity, ECEF axes, m/s (Earth-relative; inertial too when rotation is off).
    pub velocity: Vector3<f64>,
    /// Mass, kg.
    pub mass: f64,
    /// Achieved lateral acceleration before the lift limit (autopilot state), m/s².
    pub lateral: Vector3<f64>,
}

impl MissileState {
    fn axpy(&self, h: f64, d: &Derivative) -> Self {
        Self {
            position: self.position + d.position * h,
            velocity: self.velocity + d.velocity * h,
            mass: self.mass + d.mass * h,
            lateral: self.lateral + d.lateral * h,
        }
    }
}

/// Time derivative of a [`MissileState`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Derivative {
    /// ṙ, m/s.
    pub position: Vector3<f64>,
    /// v̇, m/s².
    pub velocity: Vector3<f64>,
    /// ṁ, kg/s.
    pub mass: f64,
    /// ȧ_L, m/s³.
    pub lateral: Vector3<f64>,
}

/// What acts on the missile over one integration step (held constant within it).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct StepInputs {
    /// Thrust, N.
    pub thrust: f64,
    /// Mass flow (positive), kg/s.
    pub mass_flow: f64,
    /// Commanded lateral acceleration, ECEF axes, m/s² (the component along v is ignored).
    pub command: Vector3<f64>,
}

/// Physics switches (all on except Earth rotation by default).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Physics {
    /// Add the Coriolis and centrifugal terms (rotating ECEF frame).
    pub earth_rotation: bool,
    /// Aerodynamic drag (zero-lift and induced).
    pub drag: bool,
    /// Lift limit from dynamic pressure (otherwise only the structural limit applies).
    pub lift_limit: bool,
}

impl Default for Physics {
    fn default() -> Self {
        Self {
            earth_rotation: false,
            drag: true,
            lift_limit: true,
        }
    }
}

/// Height above the WGS-84 ellipsoid along the geocentric radius, m (see module notes).
#[inline]
pub fn height(r: &Vector3<f64>) -> f64 {
    let rn = r.norm();
    if rn == 0.0 {
        return -wgs84::A;
    }
    let s2 = (r.z / rn) * (r.z / rn);
    let c2 = 1.0 - s2;
    let (a, b) = (wgs84::A, wgs84::B);
    rn - a * b / (b * b * c2 + a * a * s2).sqrt()
}

/// Gravitational acceleration of a point-mass Earth at `r` (ECEF, m), m/s².
#[inline]
pub fn gravity(r: &Vector3<f64>) -> Vector3<f64> {
    let rn2 = r.norm_squared();
    -r * (wgs84::GM / (rn2 * rn2.sqrt()))
}

/// Aerodynamic conditions at a state.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Conditions {
    /// Height above the ellipsoid, m.
    pub height: f64,
    /// Speed relative to the air, m/s.
    pub speed: f64,
    /// Dynamic pressure, Pa.
    pub dynamic_pressure: f64,
    /// Mach number.
    pub mach: f64,
    /// Lateral acceleration available, m/s²: min(structural, lift) limits.
    pub max_lateral: f64,
}

/// Air data and the available lateral acceleration at position `r`, velocity `v`, mass `m`.
#[inline]
pub fn conditions(airframe: &Airframe, physics: &Physics, state: &MissileState) -> Conditions {
    let h = height(&state.position);
    let atm = atmosphere::us1976(h);
    let speed = state.velocity.norm();
    let q = 0.5 * atm.density * speed * speed;
    let structural = airframe.g_limit * wgs84::G0;
    let max_lateral = if physics.lift_limit {
        structural.min(
            super::aero::lift_limit(
                q,
                airframe.area,
                airframe.cn_alpha,
                airframe.alpha_max,
                state.mass,
            ) + airframe.thruster_accel,
        )
    } else {
        structural
    };
    Conditions {
        height: h,
        speed,
        dynamic_pressure: q,
        mach: speed / atm.speed_of_sound,
        max_lateral,
    }
}

/// The lateral acceleration actually applied: `lateral` made perpendicular to `v` and
/// limited to `max`.
#[inline]
pub fn applied_lateral(lateral: &Vector3<f64>, v: &Vector3<f64>, max: f64) -> Vector3<f64> {
    let vn2 = v.norm_squared();
    let perp = if vn2 > 0.0 {
        lateral - v * (lateral.dot(v) / vn2)
    } else {
        *lateral
    };
    let n = perp.norm();
    if n > max { perp * (max / n) } else { perp }
}

/// Right-hand side of the equations of motion.
pub fn derivative(
    airframe: &Airframe,
    physics: &Physics,
    state: &MissileState,
    input: &StepInputs,
) -> Derivative {
    let r = state.position;
    let v = state.velocity;
    let m = state.mass;
    let c = conditions(airframe, physics, state);
    let vhat = if c.speed > 0.0 {
        v / c.speed
    } else {
        Vector3::zeros()
    };
    let mut acc = gravity(&r) + vhat * (input.thrust / m);
    let lat = applied_lateral(&state.lateral, &v, c.max_lateral);
    acc += lat;
    if physics.drag && c.dynamic_pressure > 0.0 {
        let burning = input.thrust > 0.0;
        let cd = airframe.drag.cd(c.mach, burning);
        let d0 = c.dynamic_pressure * airframe.area * cd / m;
        let di = super::aero::induced_drag(
            lat.norm(),
            c.dynamic_pressure,
            airframe.area,
            airframe.cn_alpha,
            m,
        );
        acc -= vhat * (d0 + di);
    }
    if physics.earth_rotation {
        acc -= 2.0 * OMEGA.cross(&v) + OMEGA.cross(&OMEGA.cross(&r));
    }
    let lateral = if airframe.autopilot_lag > 0.0 {
        (input.command - state.lateral) / airframe.autopilot_lag
    } else {
        Vector3::zeros()
    };
    Derivative {
        position: v,
        velocity: acc,
        mass: -input.mass_flow,
        lateral,
    }
}

/// One classical RK4 step of length `h`, s.
pub fn rk4_step(
    airframe: &Airframe,
    physics: &Physics,
    state: &MissileState,
    input: &StepInputs,
    h: f64,
) -> MissileState {
    let k1 = derivative(airframe, physics, state, input);
    let k2 = derivative(airframe, physics, &state.axpy(0.5 * h, &k1), input);
    let k3 = derivative(airframe, physics, &state.axpy(0.5 * h, &k2), input);
    let k4 = derivative(airframe, physics, &state.axpy(h, &k3), input);
    let h6 = h / 6.0;
    MissileState {
        position: state.position
            + (k1.position + 2.0 * k2.position + 2.0 * k3.position + k4.position) * h6,
        velocity: state.velocity
            + (k1.velocity + 2.0 * k2.velocity + 2.0 * k3.velocity + k4.velocity) * h6,
        mass: state.mass + (k1.mass + 2.0 * k2.mass + 2.0 * k3.mass + k4.mass) * h6,
        lateral: state.lateral
            + (k1.lateral + 2.0 * k2.lateral + 2.0 * k3.lateral + k4.lateral) * h6,
    }
}

/// Specific mechanical energy v²/2 − μ/|r| (inertial frame), J/kg; with Earth rotation
/// on, the Jacobi integral v²/2 − μ/|r| − |ω×r|²/2 of the rotating frame.
pub fn specific_energy(state: &MissileState, earth_rotation: bool) -> f64 {
    let e = 0.5 * state.velocity.norm_squared() - wgs84::GM / state.position.norm();
    if earth_rotation {
        e - 0.5 * OMEGA.cross(&state.position).norm_squared()
    } else {
        e
    }
}
