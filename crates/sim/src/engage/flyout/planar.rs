//! A small planar (2-D) proportional-navigation engagement in the textbook form, used to
//! check the guidance law against Zarchan's reference case (Zarchan,
//! *Tactical and Strategic Missile Guidance*, ch. 2).
//!
//! Written from the formulas, not from a published listing:
//!
//! * geometry in a vertical plane, x downrange and y up, in any consistent length unit
//!   (the reference case is in feet);
//! * the target flies at constant speed `V_T` along heading β measured so that its
//!   velocity is (−V_T cos β, V_T sin β) (β = 0: head-on towards a missile at the
//!   origin side), and manoeuvres with a constant acceleration `n_T` either as a turn
//!   ([`Manoeuvre::Turn`]: β̇ = n_T / V_T, the acceleration rotating with the velocity —
//!   what an aircraft does) or in a fixed direction perpendicular to the initial line of
//!   sight ([`Manoeuvre::Fixed`]: the "step manoeuvre" of linear theory, where the
//!   target's acceleration normal to the line of sight stays n_T);
//! * the missile flies at constant speed `V_M`; at launch it points along the
//!   line of sight λ plus the collision-course lead angle L = asin(V_T sin(β + λ)/V_M)
//!   plus the heading error HE;
//! * proportional navigation commands n_c = N′·V_c·λ̇, applied perpendicular to the line
//!   of sight, with λ = atan2(R_y, R_x), λ̇ = (R_x·V_y − R_y·V_x)/R² and
//!   V_c = −(R·V)/R² · R for the relative position R and velocity V (target − missile);
//! * second-order Runge-Kutta (Heun: an Euler predictor, the derivative there, the average)
//!   with step `step` (and `end_step` once the range is inside `end_range`), stopping when
//!   the closing speed turns negative. The miss distance is the range at that moment.
//!
//! There are no lags and no gravity: the missile's speed is constant and only its
//! direction changes, exactly as in the reference problem.

/// One engagement's inputs.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanarEngagement {
    /// Missile speed V_M (length/s).
    pub missile_speed: f64,
    /// Target speed V_T (length/s).
    pub target_speed: f64,
    /// Target heading β at launch, rad (0 = flying straight at the missile's side).
    pub target_heading: f64,
    /// Target acceleration n_T (length/s²), constant from launch (0: none).
    pub target_accel: f64,
    /// How the target's acceleration is directed.
    pub manoeuvre: Manoeuvre,
    /// Missile heading error HE at launch, rad (relative to the collision course).
    pub heading_error: f64,
    /// Effective navigation ratio N′.
    pub nav_ratio: f64,
    /// Missile position at launch (x, y).
    pub missile_position: [f64; 2],
    /// Target position at launch (x, y).
    pub target_position: [f64; 2],
    /// Integration step (s).
    pub step: f64,
    /// Step used once the range is below `end_range` (s).
    pub end_step: f64,
    /// Range below which `end_step` is used (length).
    pub end_range: f64,
}

impl PlanarEngagement {
    /// Zarchan's reference engagement in feet: missile 3,000 ft/s, target 1,000 ft/s
    /// head-on and non-manoeuvring, heading error −20°, N′ = 4, 40,000 ft apart at
    /// 10,000 ft, step 0.01 s (0.0002 s inside 1,000 ft).
    pub fn zarchan_reference() -> Self {
        Self {
            missile_speed: 3_000.0,
            target_speed: 1_000.0,
            target_heading: 0.0,
            target_accel: 0.0,
            manoeuvre: Manoeuvre::Turn,
            heading_error: (-20.0f64).to_radians(),
            nav_ratio: 4.0,
            missile_position: [0.0, 10_000.0],
            target_position: [40_000.0, 10_000.0],
            step: 0.01,
            end_step: 0.0002,
            end_range: 1_000.0,
        }
    }
}

/// How a manoeuvring target's acceleration is directed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Manoeuvre {
    /// Perpendicular to the target's velocity: a constant-speed turn.
    Turn,
    /// Fixed in space, perpendicular to the line of sight at launch (linear theory's step).
    Fixed,
}

/// One sample of the engagement's history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanarSample {
    /// Time since launch, s.
    pub time: f64,
    /// Commanded missile acceleration n_c (length/s²), positive to the left of the LOS.
    pub commanded_accel: f64,
    /// Missile-target range (length).
    pub range: f64,
    /// Closing speed V_c (length/s).
    pub closing_speed: f64,
    /// Target acceleration normal to the line of sight (length/s²), same sign
    /// convention as `commanded_accel`.
    pub target_accel_normal: f64,
}

/// What the engagement produced.
#[derive(Debug, Clone, PartialEq)]
pub struct PlanarResult {
    /// Time of flight: the time at which the closing speed turned negative, s.
    pub flight_time: f64,
    /// Range at that moment (the miss distance) (length).
    pub miss: f64,
    /// History at every integration step (before the step), starting at launch.
    pub history: Vec<PlanarSample>,
}

/// State: target heading β, target (x, y), missile (x, y), missile velocity (x, y),
/// target velocity (x, y) (used by [`Manoeuvre::Fixed`]; a turning target's velocity
/// follows from β).
type State = [f64; 9];

struct Derived {
    deriv: State,
    nc: f64,
    range: f64,
    vc: f64,
    nt_normal: f64,
}

fn derivative(e: &PlanarEngagement, s: &State, fixed_dir: [f64; 2]) -> Derived {
    let [beta, tx, ty, mx, my, mvx, mvy, fvx, fvy] = *s;
    let (sb, cb) = beta.sin_cos();
    let (tvx, tvy, atx, aty) = match e.manoeuvre {
        Manoeuvre::Turn => {
            let a = e.target_accel;
            (-e.target_speed * cb, e.target_speed * sb, a * sb, a * cb)
        }
        Manoeuvre::Fixed => (
            fvx,
            fvy,
            e.target_accel * fixed_dir[0],
            e.target_accel * fixed_dir[1],
        ),
    };
    let (rx, ry) = (tx - mx, ty - my);
    let (vx, vy) = (tvx - mvx, tvy - mvy);
    let r2 = rx * rx + ry * ry;
    let range = r2.sqrt();
    let vc = -(rx * vx + ry * vy) / range;
    let lambda = ry.atan2(rx);
    let lambda_dot = (rx * vy - ry * vx) / r2;
    let nc = e.nav_ratio * vc * lambda_dot;
    let (sl, cl) = lambda.sin_cos();
    Derived {
        deriv: [
            e.target_accel / e.target_speed,
            tvx,
            tvy,
            mvx,
            mvy,
            -nc * sl,
            nc * cl,
            atx,
            aty,
        ],
        nc,
        range,
        vc,
        nt_normal: -atx * sl + aty * cl,
    }
}

fn axpy(s: &State, h: f64, d: &State) -> State {
    let mut out = *s;
    for (o, di) in out.iter_mut().zip(d) {
        *o += h * di;
    }
    out
}

/// Runs the engagement until the closing speed turns negative (or 1,000 s pass).
pub fn simulate(e: &PlanarEngagement) -> PlanarResult {
    let [mx, my] = e.missile_position;
    let [tx, ty] = e.target_position;
    let lambda = (ty - my).atan2(tx - mx);
    let lead = (e.target_speed * (e.target_heading + lambda).sin() / e.missile_speed).asin();
    let heading = lambda + lead + e.heading_error;
    let (sb, cb) = e.target_heading.sin_cos();
    let mut s: State = [
        e.target_heading,
        tx,
        ty,
        mx,
        my,
        e.missile_speed * heading.cos(),
        e.missile_speed * heading.sin(),
        -e.target_speed * cb,
        e.target_speed * sb,
    ];
    // Linear theory's step: normal to the initial line of sight (positive to its left).
    let fixed_dir = [-lambda.sin(), lambda.cos()];
    let mut t = 0.0;
    let mut history = Vec::new();
    loop {
        let d1 = derivative(e, &s, fixed_dir);
        history.push(PlanarSample {
            time: t,
            commanded_accel: d1.nc,
            range: d1.range,
            closing_speed: d1.vc,
            target_accel_normal: d1.nt_normal,
        });
        if d1.vc < 0.0 || t > 1_000.0 {
            return PlanarResult {
                flight_time: t,
                miss: d1.range,
                history,
            };
        }
        let h = if d1.range < e.end_range {
            e.end_step
        } else {
            e.step
        };
        // Heun's second-order Runge-Kutta.
        let predictor = axpy(&s, h, &d1.deriv);
        let d2 = derivative(e, &predictor, fixed_dir);
        for ((si, a), b) in s.iter_mut().zip(&d1.deriv).zip(&d2.deriv) {
            *si += 0.5 * h * (a + b);
        }
        t += h;
    }
}

/// Linear-theory commanded acceleration against a heading error with zero-lag PN
/// (Zarchan ch. 2): n_c(t) = −V_M·HE·N′/t_F · (1 − t/t_F)^(N′−2).
pub fn linear_heading_error_accel(
    missile_speed: f64,
    heading_error: f64,
    nav_ratio: f64,
    flight_time: f64,
    t: f64,
) -> f64 {
    -missile_speed * heading_error * nav_ratio / flight_time
        * (1.0 - t / flight_time).powf(nav_ratio - 2.0)
}

/// Linear-theory ratio n_c/n_T against a step target manoeuvre with zero-lag PN
/// (Zarchan ch. 2): N′/(N′−2) · [1 − (1 − t/t_F)^(N′−2)].
pub fn linear_step_manoeuvre_ratio(nav_ratio: f64, flight_time: f64, t: f64) -> f64 {
    nav_ratio / (nav_ratio - 2.0) * (1.0 - (1.0 - t / flight_time).powf(nav_ratio - 2.0))
}
