//! Airframe, propulsion and guidance parameters of the catalogue interceptors, and the
//! [`Airframe`] the flyout model runs on.
//!
//! Every number is tagged: **\[P\]** placeholder — a commonly quoted or engineering-typical
//! value, not confirmed here, kept overridable (build an [`AirframeSpec`] by hand);
//! **\[C\]** computed — fitted by [`super::calibrate`] so that the model's kinematic reach
//! matches the catalogue figures (sources in docs/sources.md) (maximum range against a
//! non-manoeuvring aircraft, ceiling). Re-run the fit with
//! `cargo test -p iadsim-sim --release --test flyout_calibrate -- --ignored --nocapture`,
//! which prints a replacement for the fitted column.
//!
//! | type | d, m \[P\] | m₀, kg \[P\] | m_p, kg \[C\] | boost / sustain, s \[P\] | I_sp, s \[P\] | α_max, ° \[C\] | a_gd, m/s² \[C\] | loft k \[C\] | homing \[P\] | seeker range, km \[P\] |
//! |---|---|---|---|---|---|---|---|---|---|---|
//! | 40N6E  | 0.575 | 1,893 | 1,220.1 (64 %) | 6 / 14  | 250 | 18.41 | 0    | 1.0 | active | 40 |
//! | 48N6E3 | 0.515 | 1,835 | 1,323.2 (72 %) | 5 / 10  | 245 | 7.53  | 0    | 0.5 | TVM    | 30 |
//! | 48N6E2 | 0.515 | 1,800 | 1,358.4 (75 %) | 5 / 10  | 245 | 5.53  | 0    | 0.5 | TVM    | 30 |
//! | 9M96E2 | 0.240 |   420 |   207.7 (49 %) | 3 / 9   | 245 | 30 (cap) | 41.2 | 1.0 | active | 15 |
//! | 9M96E  | 0.240 |   333 |   157.4 (47 %) | 2.5 / 6 | 245 | 22.88 | 0    | 1.0 | active | 12 |
//!
//! How each \[C\] value was fitted (reference flyouts from 50° N, 30° E; [`super::calibrate`]):
//!
//! * **m_p** (total impulse at the fixed I_sp and burn times): the smallest propellant load
//!   whose maximum range — the farthest intercept point against the reference aircraft
//!   (non-manoeuvring, level, inbound at 250 m/s) at target heights 3 km to 0.8 of the
//!   ceiling, within the catalogue's maximum flight time — reaches the catalogue range
//!   (400 / 250 / 200 / 120 / 40 km);
//! * **α_max**: the smallest maximum angle of attack (with C_Nα = 16/rad \[P\]) whose ceiling
//!   — the highest intercept against the same aircraft at 0.03–0.3 of the range — reaches
//!   the catalogue ceiling (30 / 27 / 27 / 30 / 20 km), capped at 30°;
//! * **a_gd**: gas-dynamic (side-thruster) lateral acceleration, only where α_max at its
//!   cap is not enough: the 9M96E2, whose 30 km ceiling a 420 kg missile cannot reach on
//!   lift alone in this model (the 9M96 family is reported to carry such thrusters);
//! * **loft k**: of 0.25, 0.5, 1, 1.5, 2, the one needing the least propellant.
//!
//! The criterion those ranges and ceilings are judged by (margin 5 g \[P\], hand-over error
//! ε_h = 0.0235 rad \[C\], fitted jointly with the 40N6E so that its ceiling against the
//! reference 1,000 km ballistic missile is 25 km) is in [`super::envelope`]. Resulting reach
//! (fit; `bench/flyout/README.md` has the full report): maximum range 401.2 / 250.7 /
//! 198.8 / 120.1 / 40.1 km, ceiling 30.05 / 27.06 / 27.06 / 30.05 / 20.00 km.
//!
//! Diameters and launch masses are the figures commonly quoted in open sources
//! (encyclopaedias, trade press) \[P\]. Burn times, specific impulse (a composite solid
//! propellant), the boost share of the total impulse (60 % \[P\]), normal-force slope and
//! structural g limit are engineering-typical placeholders for missiles of this size
//! (Fleeman, *Tactical Missile Design*, ch. 2–4); the remaining shared values are listed
//! on [`entry`]. Homing types follow the catalogue's sources (docs/sources.md; all \[P\] there). The propellant
//! fractions the fit needs (47–75 %) are high for the large missiles: the placeholder
//! flight-time limits (163 s and 130 s for 250 and 200 km) force a fast, energetic flight.

use std::fmt;

use super::aero::DragCurve;
use super::homing::{GuidanceLaw, Homing};
use iadsim_core::wgs84::G0;
use iadsim_setup::Missile;

/// The parameters of one airframe type.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AirframeSpec {
    /// Catalogue type name, e.g. "48N6E3".
    pub type_name: &'static str,
    /// Body diameter, m (reference area S = π·d²/4).
    pub diameter: f64,
    /// Launch mass, kg.
    pub launch_mass: f64,
    /// Propellant mass, kg (boost + sustain).
    pub propellant_mass: f64,
    /// Share of the propellant (and total impulse) burnt in the boost phase.
    pub boost_fraction: f64,
    /// Boost burn time, s.
    pub boost_time: f64,
    /// Sustain burn time, s (0: no sustain phase).
    pub sustain_time: f64,
    /// Specific impulse, s.
    pub isp: f64,
    /// Scale on the generic zero-lift drag curve ([`super::aero`]).
    pub cd_scale: f64,
    /// Normal-force slope C_Nα on the reference area, 1/rad.
    pub cn_alpha: f64,
    /// Largest usable angle of attack α_max, rad.
    pub alpha_max: f64,
    /// Lateral acceleration from gas-dynamic (side-thruster) control, independent of
    /// dynamic pressure, m/s² (0: none).
    pub thruster_accel: f64,
    /// Structural lateral-acceleration limit n_max, g.
    pub g_limit: f64,
    /// First-order autopilot time constant τ, s.
    pub autopilot_lag: f64,
    /// Speed at motor ignition after the (cold, vertical) ejection, m/s.
    pub launch_speed: f64,
    /// Launch elevation, rad (π/2: vertical launch).
    pub launch_elevation: f64,
    /// Loft factor k of the powered climb ([`super::guidance::climb_direction`]).
    pub loft: f64,
    /// Apex limit c of the powered climb: the commanded arc rises at most c·x above the
    /// predicted intercept point at ground range x ([`super::guidance::climb_direction`]);
    /// infinite: no limit.
    pub loft_apex_ratio: f64,
    /// How the terminal seeker works.
    pub homing: Homing,
    /// Seeker acquisition range, m.
    pub seeker_range: f64,
    /// Seeker gimbal limit: largest angle between velocity and line of sight, rad.
    pub seeker_fov: f64,
    /// Range-independent seeker angle noise (boresight, radome, servo), 1σ per sample, rad.
    pub seeker_noise: f64,
    /// Receiver (thermal) seeker angle noise at the acquisition range, 1σ per sample, rad;
    /// it falls with range as (R/R_acq)² for an active seeker (signal ∝ R⁻⁴, angle error ∝
    /// 1/√SNR) and as R/R_acq for semi-active and TVM (only the target-to-missile leg
    /// shrinks) — see [`super::seeker::seeker_measurement`].
    pub seeker_thermal_noise: f64,
    /// Effective navigation ratio N′.
    pub nav_ratio: f64,
    /// Terminal guidance law.
    pub law: GuidanceLaw,
    /// Midcourse heading-error nulling time constant, s.
    pub midcourse_tau: f64,
}

const DEG: f64 = std::f64::consts::PI / 180.0;

/// The catalogue airframes. Fitted values \[C\] come from [`super::calibrate::fit`].
pub const CATALOGUE: [AirframeSpec; 5] = [
    AirframeSpec {
        // [C] so that the reachable ranges at each height form one band (the unlimited
        // loft sends 110–300 km shots above 60 km, where they cannot be steered).
        loft_apex_ratio: 0.3,
        ..entry(
            "40N6E",
            0.575,
            1_893.0,
            6.0,
            14.0,
            250.0,
            Homing::Active,
            40_000.0,
            /* [C] */ 1_220.1,
            18.41,
            0.0,
            1.0,
        )
    },
    entry(
        "48N6E3",
        0.515,
        1_835.0,
        5.0,
        10.0,
        245.0,
        Homing::TrackViaMissile,
        30_000.0,
        /* [C] */ 1_323.2,
        7.53,
        0.0,
        0.5,
    ),
    entry(
        "48N6E2",
        0.515,
        1_800.0,
        5.0,
        10.0,
        245.0,
        Homing::TrackViaMissile,
        30_000.0,
        /* [C] */ 1_358.4,
        5.53,
        0.0,
        0.5,
    ),
    entry(
        "9M96E2",
        0.240,
        420.0,
        3.0,
        9.0,
        245.0,
        Homing::Active,
        15_000.0,
        /* [C] */ 207.7,
        30.0,
        41.2,
        1.0,
    ),
    entry(
        "9M96E",
        0.240,
        333.0,
        2.5,
        6.0,
        245.0,
        Homing::Active,
        12_000.0,
        /* [C] */ 157.4,
        22.88,
        0.0,
        1.0,
    ),
];

/// One catalogue row ([`CATALOGUE`]): the \[P\] figures in order (type, diameter m, launch mass kg, boost
/// and sustain burn times s, I_sp s, homing, seeker range m), then the \[C\] fitted ones
/// (propellant mass kg, α_max °, gas-dynamic acceleration m/s², loft factor). The
/// remaining \[P\] values are common to all five: boost share 60 % of the impulse, generic
/// drag curve unscaled, C_Nα = 16/rad, n_max = 20 g, autopilot lag 0.2 s (0.15 s below
/// 500 kg), cold vertical launch at 25 m/s, seeker gimbal limit 60°, seeker angle noise
/// 1 mrad range-independent plus 5 mrad receiver noise at the acquisition range (target
/// glint comes with the target: [`super::seeker::glint_sigma`]), PN with N′ = 4, climb
/// heading time constant 2 s (1.5 s below 500 kg).
#[allow(clippy::too_many_arguments)]
pub const fn entry(
    type_name: &'static str,
    diameter: f64,
    launch_mass: f64,
    boost_time: f64,
    sustain_time: f64,
    isp: f64,
    homing: Homing,
    seeker_range: f64,
    propellant_mass: f64,
    alpha_max_deg: f64,
    thruster_accel: f64,
    loft: f64,
) -> AirframeSpec {
    let small = launch_mass < 500.0;
    AirframeSpec {
        type_name,
        diameter,
        launch_mass,
        propellant_mass,
        boost_fraction: 0.6,
        boost_time,
        sustain_time,
        isp,
        cd_scale: 1.0,
        cn_alpha: 16.0,
        alpha_max: alpha_max_deg * DEG,
        thruster_accel,
        g_limit: 20.0,
        autopilot_lag: if small { 0.15 } else { 0.2 },
        launch_speed: 25.0,
        launch_elevation: 90.0 * DEG,
        loft,
        loft_apex_ratio: f64::INFINITY,
        homing,
        seeker_range,
        seeker_fov: 60.0 * DEG,
        seeker_noise: 1.0e-3,
        seeker_thermal_noise: 5.0e-3,
        nav_ratio: 4.0,
        law: GuidanceLaw::Pn,
        midcourse_tau: if small { 1.5 } else { 2.0 },
    }
}

/// The catalogue spec of `type_name`, if there is one.
pub fn spec(type_name: &str) -> Option<&'static AirframeSpec> {
    CATALOGUE.iter().find(|s| s.type_name == type_name)
}

/// No airframe is known for a missile type.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownAirframe(pub String);

impl fmt::Display for UnknownAirframe {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "no flyout airframe for missile type {:?} (known: {})",
            self.0,
            CATALOGUE
                .iter()
                .map(|s| s.type_name)
                .collect::<Vec<_>>()
                .join(", ")
        )
    }
}

impl std::error::Error for UnknownAirframe {}

/// Distance flown against time on a nominal straight, level flight at
/// [`PROFILE_HEIGHT`]: the flyout's estimate of time to go in midcourse.
#[derive(Debug, Clone, PartialEq)]
pub struct SpeedProfile {
    /// Sample spacing, s.
    pub dt: f64,
    /// Distance flown since launch at each sample, m.
    pub distance: Vec<f64>,
    /// Speed at each sample, m/s.
    pub speed: Vec<f64>,
}

/// Height of the nominal flight behind [`SpeedProfile`], m.
pub const PROFILE_HEIGHT: f64 = 12_000.0;

impl SpeedProfile {
    fn at(&self, v: &[f64], t: f64) -> f64 {
        let x = (t / self.dt).max(0.0);
        let i = x.floor() as usize;
        if i + 1 >= v.len() {
            return *v.last().unwrap_or(&0.0);
        }
        let f = x - i as f64;
        v[i] * (1.0 - f) + v[i + 1] * f
    }

    /// Nominal speed `t` s after launch, m/s.
    pub fn speed_at(&self, t: f64) -> f64 {
        self.at(&self.speed, t)
    }

    /// Time after launch (s) at which the nominal flight has covered `d` m (inverse of
    /// [`SpeedProfile::distance_at`]).
    pub fn time_at_distance(&self, d: f64) -> f64 {
        let n = self.distance.len();
        let last = self.distance[n - 1];
        if d >= last {
            let v = self.speed[n - 1].max(1.0);
            return self.dt * (n - 1) as f64 + (d - last) / v;
        }
        if d <= 0.0 {
            return 0.0;
        }
        let i = self.distance.partition_point(|&x| x <= d).max(1) - 1;
        let (a, b) = (self.distance[i], self.distance[i + 1]);
        let f = if b > a { (d - a) / (b - a) } else { 0.0 };
        self.dt * (i as f64 + f)
    }

    /// Nominal distance flown by `t` s after launch, m (speed held after the table).
    pub fn distance_at(&self, t: f64) -> f64 {
        let end = self.dt * (self.distance.len() - 1) as f64;
        if t > end {
            self.at(&self.distance, end) + (t - end) * self.speed.last().unwrap_or(&0.0)
        } else {
            self.at(&self.distance, t)
        }
    }
}

/// A ready-to-fly interceptor type: the spec, the derived propulsion and drag, and the
/// figures taken from the scenario's [`Missile`] (flight time, warhead).
#[derive(Debug, Clone, PartialEq)]
pub struct Airframe {
    /// Type name.
    pub type_name: String,
    /// The parameters it was built from.
    pub spec: AirframeSpec,
    /// Reference area S, m².
    pub area: f64,
    /// Launch mass, kg.
    pub launch_mass: f64,
    /// Boost thrust, N.
    pub boost_thrust: f64,
    /// Boost burn time, s.
    pub boost_time: f64,
    /// Sustain thrust, N.
    pub sustain_thrust: f64,
    /// Sustain burn time, s.
    pub sustain_time: f64,
    /// Specific impulse, s.
    pub isp: f64,
    /// Zero-lift drag curve.
    pub drag: DragCurve,
    /// C_Nα, 1/rad.
    pub cn_alpha: f64,
    /// α_max, rad.
    pub alpha_max: f64,
    /// Gas-dynamic lateral acceleration, m/s².
    pub thruster_accel: f64,
    /// Structural limit, g.
    pub g_limit: f64,
    /// Autopilot lag, s.
    pub autopilot_lag: f64,
    /// Self-destruct time after launch, s (from the missile's `max_flight_time`).
    pub max_flight_time: f64,
    /// Lethal radius, m (from the missile).
    pub lethal_radius: f64,
    /// Single-shot kill probability at zero miss (from the missile).
    pub single_shot_pk: f64,
    /// Nominal speed profile for time-to-go estimates.
    pub profile: SpeedProfile,
}

impl Airframe {
    /// The airframe of `missile.type_name` from [`CATALOGUE`], with flight time and warhead
    /// figures from `missile`.
    pub fn for_missile(missile: &Missile) -> Result<Self, UnknownAirframe> {
        Self::new(&missile.type_name, missile)
    }

    /// The catalogue airframe `type_name` (which may differ from `missile.type_name`, for a
    /// scenario variant of a catalogue type) with flight time and warhead from `missile`.
    pub fn new(type_name: &str, missile: &Missile) -> Result<Self, UnknownAirframe> {
        let spec = spec(type_name).ok_or_else(|| UnknownAirframe(type_name.to_string()))?;
        Ok(Self::from_spec(
            *spec,
            missile.max_flight_time,
            missile.lethal_radius,
            missile.single_shot_pk,
        ))
    }

    /// An airframe from explicit parameters.
    pub fn from_spec(
        spec: AirframeSpec,
        max_flight_time: f64,
        lethal_radius: f64,
        single_shot_pk: f64,
    ) -> Self {
        let area = std::f64::consts::PI * spec.diameter * spec.diameter / 4.0;
        let impulse = spec.propellant_mass * spec.isp * G0;
        let boost_thrust = if spec.boost_time > 0.0 {
            spec.boost_fraction * impulse / spec.boost_time
        } else {
            0.0
        };
        let sustain_thrust = if spec.sustain_time > 0.0 {
            (1.0 - spec.boost_fraction) * impulse / spec.sustain_time
        } else {
            0.0
        };
        let mut a = Self {
            type_name: spec.type_name.to_string(),
            spec,
            area,
            launch_mass: spec.launch_mass,
            boost_thrust,
            boost_time: spec.boost_time,
            sustain_thrust,
            sustain_time: spec.sustain_time,
            isp: spec.isp,
            drag: DragCurve::generic(spec.cd_scale),
            cn_alpha: spec.cn_alpha,
            alpha_max: spec.alpha_max,
            thruster_accel: spec.thruster_accel,
            g_limit: spec.g_limit,
            autopilot_lag: spec.autopilot_lag,
            max_flight_time,
            lethal_radius,
            single_shot_pk,
            profile: SpeedProfile {
                dt: 1.0,
                distance: vec![0.0],
                speed: vec![spec.launch_speed],
            },
        };
        a.profile = a.nominal_profile();
        a
    }

    /// Thrust (N), mass flow (kg/s) and the end time of the current motor phase (s after
    /// launch; infinity once burnt out) at `t` s after launch.
    pub fn motor(&self, t: f64) -> (f64, f64, f64) {
        let g = self.isp * G0;
        if t < self.boost_time {
            (self.boost_thrust, self.boost_thrust / g, self.boost_time)
        } else if t < self.boost_time + self.sustain_time {
            (
                self.sustain_thrust,
                self.sustain_thrust / g,
                self.boost_time + self.sustain_time,
            )
        } else {
            (0.0, 0.0, f64::INFINITY)
        }
    }

    /// Burn-out mass, kg.
    pub fn burnout_mass(&self) -> f64 {
        self.launch_mass - self.spec.propellant_mass
    }

    /// Ideal velocity increment I_sp·g₀·ln(m₀/m_bo), m/s.
    pub fn ideal_delta_v(&self) -> f64 {
        self.isp * G0 * (self.launch_mass / self.burnout_mass()).ln()
    }

    /// Straight level flight at [`PROFILE_HEIGHT`] from the launch speed (1-D, RK4 at
    /// 0.05 s, sampled each second).
    fn nominal_profile(&self) -> SpeedProfile {
        let atm = iadsim_core::atmosphere::us1976(PROFILE_HEIGHT);
        let accel = |t: f64, v: f64, m: f64| -> (f64, f64) {
            let (thrust, mdot, _) = self.motor(t);
            let q = 0.5 * atm.density * v * v;
            let cd = self.drag.cd(v / atm.speed_of_sound, thrust > 0.0);
            ((thrust - q * self.area * cd) / m, -mdot)
        };
        let h = 0.05;
        let per_sample = 20;
        let n = (self.max_flight_time.max(1.0) / (h * per_sample as f64)).ceil() as usize + 1;
        let (mut t, mut s, mut v, mut m) = (0.0, 0.0, self.spec.launch_speed, self.launch_mass);
        let mut distance = vec![0.0];
        let mut speed = vec![v];
        for _ in 1..n {
            for _ in 0..per_sample {
                let (a1, m1) = accel(t, v, m);
                let (a2, m2) = accel(t + h / 2.0, v + a1 * h / 2.0, m + m1 * h / 2.0);
                let (a3, m3) = accel(t + h / 2.0, v + a2 * h / 2.0, m + m2 * h / 2.0);
                let (a4, m4) = accel(t + h, v + a3 * h, m + m3 * h);
                s += h * (v + (v + a1 * h / 2.0) * 2.0 + (v + a2 * h / 2.0) * 2.0 + v + a3 * h)
                    / 6.0;
                v = (v + h * (a1 + 2.0 * a2 + 2.0 * a3 + a4) / 6.0).max(50.0);
                m += h * (m1 + 2.0 * m2 + 2.0 * m3 + m4) / 6.0;
                t += h;
            }
            distance.push(s);
            speed.push(v);
        }
        SpeedProfile {
            dt: h * per_sample as f64,
            distance,
            speed,
        }
    }
}

type AirframeKey = (String, u64, u64, u64);
type AirframeCache = std::sync::Mutex<Vec<(AirframeKey, std::sync::Arc<Airframe>)>>;

/// The airframe of `missile` ([`Airframe::for_missile`]), built once per process for each
/// (type, flight time, lethal radius, single-shot Pk) and shared: Monte Carlo
/// replications running in parallel reuse it rather than rebuilding the nominal speed
/// profile. Deterministic: the airframe depends only on those figures.
pub fn shared(missile: &Missile) -> Result<std::sync::Arc<Airframe>, UnknownAirframe> {
    static CACHE: std::sync::OnceLock<AirframeCache> = std::sync::OnceLock::new();
    let key = (
        missile.type_name.clone(),
        missile.max_flight_time.to_bits(),
        missile.lethal_radius.to_bits(),
        missile.single_shot_pk.to_bits(),
    );
    let cache = CACHE.get_or_init(|| std::sync::Mutex::new(Vec::new()));
    let mut c = cache.lock().unwrap_or_else(|e| e.into_inner());
    if let Some((_, a)) = c.iter().find(|(k, _)| *k == key) {
        return Ok(std::sync::Arc::clone(a));
    }
    let a = std::sync::Arc::new(Airframe::for_missile(missile)?);
    c.push((key, std::sync::Arc::clone(&a)));
    Ok(a)
}
