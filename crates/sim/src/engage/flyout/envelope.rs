//! Engagement envelopes: flyouts against reference targets, the intercept criterion,
//! flyout tables and the battle manager's query.
//!
//! # The intercept criterion
//!
//! A flyout intercepts when, with a perfect track uplinked at the radar rate and a
//! noise-free seeker,
//!
//! 1. the fuze fires with a miss distance within the lethal radius,
//! 2. before the maximum flight time (self-destruct), and
//! 3. at the intercept point the missile can still manoeuvre: the lateral acceleration
//!    available there, a_max = min(n_max·g₀, q·S·C_Nα·α_max/m + a_gd), is at least
//!    a_req = n_m·g₀ + N′·ε_h·V_c²/R_s — a margin of n_m g against target manoeuvres plus
//!    what proportional navigation needs at seeker hand-over to null a heading error ε_h
//!    in the homing time R_s/V_c (Zarchan's linear result n_c(0) = N′·V_c·ε/t_h),
//!    with V_c the closing speed and R_s the seeker range.
//!
//! **Maximum range** is the greatest ground range of the intercept point, over target
//! heights, at which the criterion holds against the reference aircraft: non-manoeuvring,
//! level, flying straight at the launcher at [`REFERENCE_AIRCRAFT_SPEED`]. **Ceiling** is
//! the greatest target height at which it holds, over ground ranges. Against a ballistic
//! target the closing speed is higher, so the criterion bites lower down: that is what
//! limits the ballistic envelope's height.
//!
//! n_m = 5 g \[P\] (the rule of thumb that a missile needs 3–5 times its target's
//! acceleration: here against a 1–1.5 g evasive turn). ε_h \[C\] is fitted so that the
//! 40N6E's ceiling against the reference 1,000 km ballistic missile is 25 km
//! (REFERENCE.md §1: "60 km, 25 km alt vs ballistic").
//!
//! Against a ballistic missile aimed at the defended area around the battery, the 25 km
//! height limit is met about 27 km out (the re-entry path descends at ~43°), well inside
//! the 60 km figure, and every point of the path beyond 60 km is above 55 km: the model
//! reproduces "inside 60 km and 25 km, not beyond" for such threats. It has no kinematic
//! reason to refuse a ballistic target passing low *and* far (one aimed at a point
//! 80 km away): the 60 km figure is a system limit (detection and tracking of a small
//! re-entry vehicle, defended footprint), which the battle manager should keep applying
//! from the catalogue's `max_range_ballistic`.
//!
//! # Flyout tables
//!
//! [`EnvelopeTable::build`] flies the missile from a reference site at every node of a
//! grid of ground range × height against a stationary point there, and keeps time of
//! flight, terminal speed and flight-path angle, the lateral acceleration available at
//! the point, and the largest crossing target speed the seeker can hold on a collision
//! course (V_m·sin of the gimbal limit). Whether a moving target can be intercepted then
//! follows from the table and the target's velocity ([`EnvelopeTable::can_intercept`]):
//! the point where the missile's time of flight equals the target's time to get there,
//! and the criterion there with the actual closing speed; [`EnvelopeTable::earliest_launch`]
//! finds the first launch delay that works (a ballistic missile still too high). Tables
//! are built once per airframe and cached in memory ([`cached`]); [`EnvelopeTable::write_csv`]
//! serialises one, [`EnvelopeTable::plot_data`] and [`super::plot`] draw it.

use std::sync::{Arc, Mutex, OnceLock};

use iadsim_core::{Ecef, Geodetic, geodesic, wgs84};
use nalgebra::Vector3;
use rayon::prelude::*;

use super::airframes::{Airframe, UnknownAirframe};
use super::dynamics::{self, MissileState};
use super::flight::{Flight, FlightEvent, FlightSettings, FlightStats, TraceSample};
use super::guidance::{TargetEstimate, assumed_accel};
use crate::truth::motion::ThreatMotionOverStep;
use crate::truth::trajectory::Trajectory;
use iadsim_setup::Missile;

/// Speed of the reference aircraft (inbound, level, non-manoeuvring), m/s \[P\].
pub const REFERENCE_AIRCRAFT_SPEED: f64 = 250.0;
/// Speed of the reference ballistic target at re-entry, m/s (REFERENCE.md §2: 1,000 km
/// minimum-energy burnout/impact speed 3.016 km/s).
pub const REFERENCE_BALLISTIC_SPEED: f64 = 3_016.0;
/// Flight-path angle of the reference ballistic target, rad (REFERENCE.md §2: 42.8°,
/// descending).
pub const REFERENCE_BALLISTIC_GAMMA: f64 = -42.8 * std::f64::consts::PI / 180.0;
/// The reference launcher site for tables and reach figures: 50° N, 30° E, on the
/// ellipsoid.
pub fn reference_site() -> Geodetic {
    Geodetic::from_degrees(50.0, 30.0, 0.0)
}

/// The intercept criterion's parameters (see the module notes).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Criteria {
    /// Manoeuvre margin n_m, g.
    pub margin_g: f64,
    /// Heading error at seeker hand-over ε_h, rad.
    pub handover_error: f64,
}

impl Default for Criteria {
    fn default() -> Self {
        Self {
            margin_g: 5.0,          // [P]
            handover_error: 0.0235, // [C] fitted: 40N6E ceiling 25 km vs the reference BM
        }
    }
}

impl Criteria {
    /// Lateral acceleration the end game requires at closing speed `closing_speed`, m/s².
    pub fn required_accel(&self, airframe: &Airframe, closing_speed: f64) -> f64 {
        self.margin_g * wgs84::G0
            + airframe.spec.nav_ratio * self.handover_error * closing_speed * closing_speed
                / airframe.spec.seeker_range
    }
}

/// A target's true motion for a reference flyout: position and velocity (ECEF) at time t,
/// `None` once it no longer exists.
pub trait TargetMotion {
    /// State at `t`, s.
    fn state(&self, t: f64) -> Option<(Vector3<f64>, Vector3<f64>)>;
}

/// Straight-line motion at constant velocity.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ConstantVelocity {
    /// Position at `time`, ECEF, m.
    pub position: Vector3<f64>,
    /// Velocity, ECEF axes, m/s.
    pub velocity: Vector3<f64>,
    /// Reference time, s.
    pub time: f64,
}

impl TargetMotion for ConstantVelocity {
    fn state(&self, t: f64) -> Option<(Vector3<f64>, Vector3<f64>)> {
        Some((
            self.position + self.velocity * (t - self.time),
            self.velocity,
        ))
    }
}

impl TargetMotion for Trajectory {
    fn state(&self, t: f64) -> Option<(Vector3<f64>, Vector3<f64>)> {
        self.state_at(t).map(|s| (s.position.0, s.velocity.0))
    }
}

/// The missile's state at a (successful or not) fuzing.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct InterceptState {
    /// Time of flight, s.
    pub time_of_flight: f64,
    /// Miss distance, m.
    pub miss: f64,
    /// Missile speed, m/s.
    pub speed: f64,
    /// Relative speed of target and missile, m/s.
    pub closing_speed: f64,
    /// Lateral acceleration available there, m/s².
    pub max_lateral: f64,
    /// Height, m.
    pub height: f64,
    /// Flight-path angle above the local horizontal, rad.
    pub flight_path_angle: f64,
    /// Missile state.
    pub state: MissileState,
}

/// A reference flyout's result.
#[derive(Debug, Clone)]
pub struct FlyoutResult {
    /// How it ended.
    pub event: FlightEvent,
    /// Flight statistics.
    pub stats: FlightStats,
    /// The state at fuzing, if the fuze fired.
    pub intercept: Option<InterceptState>,
    /// Recorded trajectory, if asked for.
    pub trace: Option<Vec<TraceSample>>,
}

/// Why a flyout does not count as an intercept.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Failure {
    /// The fuze never fired.
    NoIntercept(&'static str),
    /// It fired too far from the target, m.
    Miss(f64),
    /// Not enough lateral acceleration at the intercept point (available, required), m/s².
    Manoeuvre(f64, f64),
}

/// Flies `airframe` from `launcher` (ECEF, m) at `launch_time` against `target`: a perfect
/// track uplinked every `settings.uplink_period`, the engine-like step `chunk` (s) for the
/// target's straight segments, a noise-free seeker.
pub fn fly_against(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    launcher: &Vector3<f64>,
    launch_time: f64,
    target: &dyn TargetMotion,
    chunk: f64,
    record: bool,
) -> FlyoutResult {
    let estimate = |t: f64| {
        target.state(t).map(|(p, v)| TargetEstimate {
            position: p,
            velocity: v,
            time: t,
        })
    };
    let first = estimate(launch_time).expect("target exists at launch");
    let mut flight = Flight::launch(
        Arc::clone(airframe),
        *settings,
        launcher,
        launch_time,
        first,
    );
    if record {
        flight.record();
    }
    let end = launch_time + airframe.max_flight_time + 2.0 * chunk;
    let mut t0 = launch_time;
    let event = loop {
        let t1 = t0 + chunk;
        let (Some(a), Some(b)) = (target.state(t0), target.state(t1)) else {
            break FlightEvent::Ended {
                time: t0,
                reason: "target gone",
            };
        };
        let motion = [ThreatMotionOverStep {
            index: 0,
            position: [a.0, b.0],
            glint: 0.0,
        }];
        let radar = estimate(t0);
        let ev = flight.advance(t0, t1, radar, &motion, None);
        if !matches!(ev, FlightEvent::Flying) {
            break ev;
        }
        t0 = t1;
        if t0 > end {
            break FlightEvent::Ended {
                time: t0,
                reason: "self-destruct: maximum flight time",
            };
        }
    };
    let intercept = match event {
        FlightEvent::Fuzed {
            time,
            miss,
            state,
            target_velocity,
            ..
        } => {
            let c = dynamics::conditions(airframe, &settings.physics, &state);
            let up = state.position.normalize();
            Some(InterceptState {
                time_of_flight: time - launch_time,
                miss,
                speed: c.speed,
                closing_speed: (target_velocity - state.velocity).norm(),
                max_lateral: c.max_lateral,
                height: c.height,
                flight_path_angle: (state.velocity.dot(&up) / c.speed).clamp(-1.0, 1.0).asin(),
                state,
            })
        }
        _ => None,
    };
    FlyoutResult {
        event,
        stats: flight.stats,
        intercept,
        trace: flight.trace.take(),
    }
}

/// Applies the intercept criterion to a flyout: the intercept state if it counts.
pub fn assess<'a>(
    airframe: &Airframe,
    criteria: &Criteria,
    result: &'a FlyoutResult,
) -> Result<&'a InterceptState, Failure> {
    let Some(i) = result.intercept.as_ref() else {
        return Err(match result.event {
            FlightEvent::Ended { reason, .. } => Failure::NoIntercept(reason),
            _ => Failure::NoIntercept("no fuzing"),
        });
    };
    if i.miss > airframe.lethal_radius {
        return Err(Failure::Miss(i.miss));
    }
    let need = criteria.required_accel(airframe, i.closing_speed);
    if i.max_lateral < need {
        return Err(Failure::Manoeuvre(i.max_lateral, need));
    }
    Ok(i)
}

/// The point at ground range `range` (m) and height `height` (m) from `site` along
/// `azimuth` (rad, clockwise from north), ECEF, m.
pub fn point_at(site: &Geodetic, azimuth: f64, range: f64, height: f64) -> Vector3<f64> {
    let (g, _) = geodesic::direct(site, azimuth, range);
    g.with_height(height).to_ecef().0
}

/// Ground range (m) from `site` to the point below `p` (ECEF, m): the geocentric angle
/// times the ellipsoid's normal-section radius in that direction (within 1e-4 of the
/// geodesic distance to 500 km).
pub fn ground_range(site: &Geodetic, site_ecef: &Vector3<f64>, p: &Vector3<f64>) -> f64 {
    let cosang = (site_ecef.dot(p) / (site_ecef.norm() * p.norm())).clamp(-1.0, 1.0);
    let angle = cosang.acos();
    let east = Vector3::new(-site.lon.sin(), site.lon.cos(), 0.0);
    let (sl, cl) = site.lat.sin_cos();
    let north = Vector3::new(-sl * site.lon.cos(), -sl * site.lon.sin(), cl);
    let d = p - site_ecef;
    let az = d.dot(&east).atan2(d.dot(&north));
    angle * wgs84::radius_in_azimuth(site.lat, az)
}

/// Reference flyout against the reference aircraft so that the intercept happens near
/// ground range `range` and height `height` from [`reference_site`] (due north).
pub fn fly_reference_aircraft(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    range: f64,
    height: f64,
) -> FlyoutResult {
    let site = reference_site();
    let launcher = site.to_ecef().0;
    let p = point_at(&site, 0.0, range, height);
    let tau = super::guidance::time_to_fly(
        airframe,
        0.0,
        airframe.spec.launch_speed,
        (p - launcher).norm() * 1.05,
    );
    let start = point_at(&site, 0.0, range + REFERENCE_AIRCRAFT_SPEED * tau, height);
    let dir = (p - start).normalize();
    let target = ConstantVelocity {
        position: start,
        velocity: dir * REFERENCE_AIRCRAFT_SPEED,
        time: 0.0,
    };
    fly_against(airframe, settings, &launcher, 0.0, &target, 0.5, false)
}

/// Whether the reference aircraft flyout aimed at (`range`, `height`) intercepts, and the
/// intercept's ground range.
pub fn reference_aircraft_intercept(
    airframe: &Arc<Airframe>,
    settings: &FlightSettings,
    criteria: &Criteria,
    range: f64,
    height: f64,
) -> Option<f64> {
    let r = fly_reference_aircraft(airframe, settings, range, height);
    let i = assess(airframe, criteria, &r).ok()?;
    let site = reference_site();
    Some(ground_range(&site, &site.to_ecef().0, &i.state.position))
}

/// One node of a flyout table.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Cell {
    /// Time of flight to the point, s.
    pub time_of_flight: f64,
    /// Speed arriving there, m/s.
    pub speed: f64,
    /// Flight-path angle arriving there, rad.
    pub flight_path_angle: f64,
    /// Lateral acceleration available there, m/s².
    pub max_lateral: f64,
    /// Largest crossing target speed the seeker holds on a collision course, m/s
    /// (V·sin of the gimbal limit).
    pub max_crossing_speed: f64,
}

/// A flyout table of one airframe over ground range × height.
#[derive(Debug, Clone)]
pub struct EnvelopeTable {
    /// The airframe.
    pub airframe: Arc<Airframe>,
    /// The criterion used by queries.
    pub criteria: Criteria,
    /// Ground ranges of the columns, m (increasing).
    pub ranges: Vec<f64>,
    /// Heights of the rows, m (increasing).
    pub heights: Vec<f64>,
    /// Row-major cells (`heights.len()` rows of `ranges.len()`); `None` where the missile
    /// cannot reach the point.
    pub cells: Vec<Option<Cell>>,
    /// Derived once from the cells for [`EnvelopeTable::can_intercept`].
    derived: Derived,
}

/// What [`EnvelopeTable::can_intercept`] needs from the whole table, computed once at
/// construction (it was recomputed on every query: a tenth of an engine run).
#[derive(Debug, Clone, Default)]
struct Derived {
    /// [`EnvelopeTable::reach`], m.
    reach: f64,
    /// Least time of flight to any reachable node in column j or beyond, s (infinite:
    /// nothing reachable); one more entry than columns.
    min_from: Vec<f64>,
}

/// A feasible intercept found by [`EnvelopeTable::can_intercept`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intercept {
    /// Time of flight from launch now, s.
    pub time_of_flight: f64,
    /// Predicted intercept point, ECEF, m.
    pub point: Ecef,
    /// Its ground range from the launcher, m.
    pub ground_range: f64,
    /// Its height above the launcher, m.
    pub height: f64,
    /// Missile speed there, m/s.
    pub terminal_speed: f64,
    /// Closing speed there, m/s.
    pub closing_speed: f64,
    /// Lateral acceleration available there, m/s².
    pub available_accel: f64,
    /// Lateral acceleration the criterion requires there, m/s².
    pub required_accel: f64,
}

/// Grid of a flyout table.
#[derive(Debug, Clone, PartialEq)]
pub struct Grid {
    /// Ground ranges, m (increasing).
    pub ranges: Vec<f64>,
    /// Heights, m (increasing).
    pub heights: Vec<f64>,
}

impl Grid {
    /// The default grid for `missile`: ranges to 1.2× its maximum range in 40 steps,
    /// heights from 100 m to the greater of 1.6× its ceiling and 50 km in 1.5 km steps
    /// (2 km above 30 km).
    pub fn for_missile(max_range: f64, ceiling: f64) -> Self {
        let n = 40;
        let r_max = 1.2 * max_range;
        let ranges = (0..=n).map(|i| r_max * i as f64 / n as f64).collect();
        let h_max = (1.6 * ceiling).max(50_000.0);
        let mut heights = vec![100.0];
        let mut h = 1_500.0;
        while h <= h_max + 1.0 {
            heights.push(h);
            h += if h < 30_000.0 { 1_500.0 } else { 2_000.0 };
        }
        Self { ranges, heights }
    }
}

impl EnvelopeTable {
    /// Builds the table by flying to every grid node from [`reference_site`] (due north),
    /// in parallel on the rayon pool (the result does not depend on the thread count).
    pub fn build(
        airframe: Arc<Airframe>,
        settings: &FlightSettings,
        criteria: Criteria,
        grid: &Grid,
    ) -> Self {
        let site = reference_site();
        let launcher = site.to_ecef().0;
        let nodes: Vec<(f64, f64)> = grid
            .heights
            .iter()
            .flat_map(|&h| grid.ranges.iter().map(move |&r| (h, r)))
            .collect();
        // Independent flyouts: in parallel, collected in grid order (deterministic).
        let cells: Vec<Option<Cell>> = nodes
            .par_iter()
            .map(|&(h, r)| {
                let p = point_at(&site, 0.0, r.max(1.0), h);
                let target = ConstantVelocity {
                    position: p,
                    velocity: Vector3::zeros(),
                    time: 0.0,
                };
                let res = fly_against(&airframe, settings, &launcher, 0.0, &target, 0.5, false);
                res.intercept.and_then(|i| {
                    (i.miss <= airframe.lethal_radius).then(|| Cell {
                        time_of_flight: i.time_of_flight,
                        speed: i.speed,
                        flight_path_angle: i.flight_path_angle,
                        max_lateral: i.max_lateral,
                        max_crossing_speed: i.speed * airframe.spec.seeker_fov.sin(),
                    })
                })
            })
            .collect();
        Self {
            airframe,
            criteria,
            ranges: grid.ranges.clone(),
            heights: grid.heights.clone(),
            cells,
            derived: Derived::default(),
        }
        .derive()
    }

    /// Fills in [`Derived`] from the cells.
    fn derive(mut self) -> Self {
        let nr = self.ranges.len();
        let mut min_from = vec![f64::INFINITY; nr + 1];
        for j in (0..nr).rev() {
            let col = (0..self.heights.len())
                .filter_map(|i| self.cell(i, j).map(|c| c.time_of_flight))
                .fold(f64::INFINITY, f64::min);
            min_from[j] = min_from[j + 1].min(col);
        }
        self.derived = Derived {
            reach: self.reach(),
            min_from,
        };
        self
    }

    /// Slant distance from the launcher to the farthest reachable node of the table, m
    /// (an upper bound on where an intercept can happen).
    pub fn reach(&self) -> f64 {
        let mut r2: f64 = 0.0;
        for (i, &h) in self.heights.iter().enumerate() {
            for (j, &g) in self.ranges.iter().enumerate() {
                if self.cell(i, j).is_some() {
                    r2 = r2.max(g * g + h * h);
                }
            }
        }
        // Grid spacing margin: a point between a reachable node and the next.
        r2.sqrt() + self.ranges.get(1).copied().unwrap_or(0.0) - self.ranges[0]
    }

    /// The cell at row `i` (height), column `j` (range).
    pub fn cell(&self, i: usize, j: usize) -> Option<&Cell> {
        self.cells[i * self.ranges.len() + j].as_ref()
    }

    /// Bilinear interpolation at (`range`, `height`); `None` outside the grid or where a
    /// surrounding node is unreachable.
    pub fn lookup(&self, range: f64, height: f64) -> Option<Cell> {
        let (j, fr) = bracket(&self.ranges, range)?;
        let (i, fh) = bracket(&self.heights, height)?;
        let c00 = self.cell(i, j)?;
        let c01 = self.cell(i, j + 1)?;
        let c10 = self.cell(i + 1, j)?;
        let c11 = self.cell(i + 1, j + 1)?;
        let mix = |f: fn(&Cell) -> f64| {
            let a = f(c00) * (1.0 - fr) + f(c01) * fr;
            let b = f(c10) * (1.0 - fr) + f(c11) * fr;
            a * (1.0 - fh) + b * fh
        };
        Some(Cell {
            time_of_flight: mix(|c| c.time_of_flight),
            speed: mix(|c| c.speed),
            flight_path_angle: mix(|c| c.flight_path_angle),
            max_lateral: mix(|c| c.max_lateral),
            max_crossing_speed: mix(|c| c.max_crossing_speed),
        })
    }

    /// The missile's velocity arriving at `point` (ECEF) from `launcher` per the table
    /// cell: speed and flight-path angle from the cell, heading along the great circle
    /// away from the launcher.
    pub fn arrival_velocity(
        launcher: &Vector3<f64>,
        point: &Vector3<f64>,
        cell: &Cell,
    ) -> Vector3<f64> {
        let up = point.normalize();
        let away = point - launcher;
        let horiz = away - up * away.dot(&up);
        let horiz = if horiz.norm() > 1e-6 {
            horiz.normalize()
        } else {
            Vector3::zeros()
        };
        let (s, c) = cell.flight_path_angle.sin_cos();
        (horiz * c + up * s) * cell.speed
    }

    /// Checks the criterion for a target passing through table point (`range`, `height`)
    /// with velocity `target_velocity`, for a missile from `launcher`.
    fn feasible_at(
        &self,
        launcher: &Vector3<f64>,
        point: &Vector3<f64>,
        cell: &Cell,
        target_velocity: &Vector3<f64>,
    ) -> (bool, f64, f64, f64) {
        let vm = Self::arrival_velocity(launcher, point, cell);
        let closing = (target_velocity - vm).norm();
        let need = self.criteria.required_accel(&self.airframe, closing);
        (cell.max_lateral >= need, closing, cell.max_lateral, need)
    }

    /// Whether a missile launched now from `launcher` can intercept a target now at
    /// `target_position` moving with `target_velocity` (ECEF; extrapolated at constant
    /// velocity, or in free fall if faster than [`super::guidance::BALLISTIC_SPEED`]):
    /// the intercept at the first time t (scanned at 0.25 s, refined by bisection) at
    /// which the table's time of flight to the target's predicted position equals t, if
    /// the intercept criterion holds there and t is within the maximum flight time.
    /// `None` otherwise — which may only mean "not yet" (see
    /// [`EnvelopeTable::earliest_launch`]).
    pub fn can_intercept(
        &self,
        launcher: &Ecef,
        target_position: &Ecef,
        target_velocity: &Ecef,
    ) -> Option<Intercept> {
        self.can_intercept_within(
            launcher,
            target_position,
            target_velocity,
            self.airframe.max_flight_time,
        )
    }

    /// [`EnvelopeTable::can_intercept`] with the time of flight limited to `time_limit`
    /// (s; the maximum flight time or less): the search stops there, so a planner keeping
    /// a margin does not pay for the part of the flight it would refuse.
    pub fn can_intercept_within(
        &self,
        launcher: &Ecef,
        target_position: &Ecef,
        target_velocity: &Ecef,
        time_limit: f64,
    ) -> Option<Intercept> {
        let site = launcher.to_geodetic();
        let l = launcher.0;
        let p0 = target_position.0;
        let v0 = target_velocity.0;
        let a = assumed_accel(&p0, &v0);
        let at = |t: f64| (p0 + v0 * t + a * (0.5 * t * t), v0 + a * t);
        let frame = GroundRange::new(&site, &l);
        let table_at = |p: &Vector3<f64>| {
            let r = frame.ground_range(p);
            let h = dynamics::height(p) - site.height;
            self.lookup(r, h).map(|c| (r, h, c))
        };
        // The missile gets there in time: tof(P(t)) ≤ t.
        let arrives = |t: f64| table_at(&at(t).0).is_some_and(|(_, _, c)| c.time_of_flight <= t);
        let t_max = time_limit.min(self.airframe.max_flight_time);
        // Out of reach for good: farther than the table's farthest reachable point even
        // after closing at the target's full speed for the whole flight.
        let reach = self.derived.reach;
        let d0 = (p0 - l).norm();
        if d0 - v0.norm() * t_max > reach {
            return None;
        }
        let dt = 0.5;
        // Least time of flight to any reachable node in column j or beyond: a point at a
        // ground range in [ranges[j], ranges[j+1]] needs reachable nodes in both columns,
        // so its time of flight is at least min_from[j] (infinite: nothing reachable).
        let nr = self.ranges.len();
        let min_from = &self.derived.min_from;
        let speed = v0.norm().max(1.0);
        let mut prev = 0.0;
        let mut t = 0.0;
        while t <= t_max {
            let pt = at(t).0;
            if dynamics::height(&pt) < 0.0 {
                return None;
            }
            let late = table_at(&pt).map(|(_, _, c)| c.time_of_flight - t);
            if late.is_none() {
                // Unreachable here. Skip ahead while no reachable point can be this far, or
                // while even the quickest reachable node this far out is later than t (the
                // same g/5 bound as below); a fast target's bound uses its speed.
                let r = frame.ground_range(&pt);
                let j = match bracket(&self.ranges, r) {
                    Some((j, _)) => Some(j),
                    None if r > self.ranges[nr - 1] => None,
                    None => Some(0),
                };
                let step = match j {
                    Some(j) if min_from[j].is_finite() => (0.2 * (min_from[j] - t)).max(dt),
                    Some(_) | None => {
                        // Nothing reachable at this ground range or beyond: the target
                        // must first close to the last reachable column.
                        let last = (0..nr)
                            .rev()
                            .find(|&j| min_from[j].is_finite() && min_from[j + 1].is_infinite());
                        match last {
                            Some(j) => ((r - self.ranges[(j + 1).min(nr - 1)]) / speed).max(dt),
                            None => return None,
                        }
                    }
                };
                prev = t;
                t += step;
                continue;
            }
            if late.is_some_and(|g| g > 0.0) {
                // Still out of time by g = tof − t: g shrinks by at most (1 + dtof/dt)
                // per second, dtof/dt ≤ target speed / slowest table speed (≤ 4 for a
                // 3 km/s target); stepping g/5 cannot jump over the first crossing.
                let g = late.unwrap_or(0.0);
                prev = t;
                t += (0.2 * g).max(dt);
                continue;
            }
            if late.is_some() {
                let (mut lo, mut hi) = (prev, t);
                if t > 0.0 {
                    for _ in 0..30 {
                        let mid = 0.5 * (lo + hi);
                        if arrives(mid) {
                            hi = mid;
                        } else {
                            lo = mid;
                        }
                    }
                }
                let (p, v) = at(hi);
                let (r, h, c) = table_at(&p)?;
                let (ok, closing, avail, need) = self.feasible_at(&l, &p, &c, &v);
                return ok.then_some(Intercept {
                    time_of_flight: hi,
                    point: Ecef(p),
                    ground_range: r,
                    height: h,
                    terminal_speed: c.speed,
                    closing_speed: closing,
                    available_accel: avail,
                    required_accel: need,
                });
            }
            prev = t;
            t += dt;
        }
        None
    }

    /// The earliest launch, at most `horizon` s from now (searched at `step` s), from
    /// which [`EnvelopeTable::can_intercept`] finds an intercept of the target (same
    /// extrapolation): the launch delay (s) and that intercept (its time of flight counted
    /// from the launch).
    pub fn earliest_launch(
        &self,
        launcher: &Ecef,
        target_position: &Ecef,
        target_velocity: &Ecef,
        horizon: f64,
        step: f64,
    ) -> Option<(f64, Intercept)> {
        let p0 = target_position.0;
        let v0 = target_velocity.0;
        let a = assumed_accel(&p0, &v0);
        let mut d = 0.0;
        while d <= horizon {
            let p = p0 + v0 * d + a * (0.5 * d * d);
            let v = v0 + a * d;
            if dynamics::height(&p) < 0.0 {
                return None;
            }
            if let Some(i) = self.can_intercept(launcher, &Ecef(p), &Ecef(v)) {
                return Some((d, i));
            }
            d += step;
        }
        None
    }

    /// Envelope boundaries for plotting: for each table height, the nearest and farthest
    /// ground ranges at which the reference aircraft (inbound, level, 250 m/s) and the
    /// reference ballistic target (inbound, 3.016 km/s at −42.8°) can be intercepted.
    pub fn plot_data(&self) -> EnvelopePlot {
        let site = reference_site();
        let l = site.to_ecef().0;
        let mut aircraft = Vec::new();
        let mut ballistic = Vec::new();
        for (i, &h) in self.heights.iter().enumerate() {
            let mut a_rng: Option<(f64, f64)> = None;
            let mut b_rng: Option<(f64, f64)> = None;
            for (j, &r) in self.ranges.iter().enumerate() {
                let Some(c) = self.cell(i, j) else { continue };
                let p = point_at(&site, 0.0, r.max(1.0), h);
                let up = p.normalize();
                let toward = {
                    let d = l - p;
                    let hz = d - up * d.dot(&up);
                    if hz.norm() > 1e-6 {
                        hz.normalize()
                    } else {
                        Vector3::zeros()
                    }
                };
                let va = toward * REFERENCE_AIRCRAFT_SPEED;
                let (gs, gc) = REFERENCE_BALLISTIC_GAMMA.sin_cos();
                let vb = (toward * gc + up * gs) * REFERENCE_BALLISTIC_SPEED;
                let widen = |x: &mut Option<(f64, f64)>| {
                    *x = Some(match *x {
                        None => (r, r),
                        Some((lo, hi)) => (lo.min(r), hi.max(r)),
                    });
                };
                if self.feasible_at(&l, &p, c, &va).0 {
                    widen(&mut a_rng);
                }
                if self.feasible_at(&l, &p, c, &vb).0 {
                    widen(&mut b_rng);
                }
            }
            if let Some((lo, hi)) = a_rng {
                aircraft.push(Boundary {
                    height: h,
                    min_range: lo,
                    max_range: hi,
                });
            }
            if let Some((lo, hi)) = b_rng {
                ballistic.push(Boundary {
                    height: h,
                    min_range: lo,
                    max_range: hi,
                });
            }
        }
        EnvelopePlot {
            type_name: self.airframe.type_name.clone(),
            aircraft,
            ballistic,
        }
    }

    /// Writes the table as CSV: `#` comment lines naming the missile and the figures the
    /// table depends on (`missile`, `max_flight_time_s`, `lethal_radius_m`), then
    /// `range_m,height_m,reachable,time_of_flight_s,speed_m_s,
    /// flight_path_angle_deg,max_lateral_m_s2,max_crossing_speed_m_s`. Ranges are ground
    /// ranges from the launcher, heights above it.
    pub fn write_csv(&self, mut w: impl std::io::Write) -> std::io::Result<()> {
        writeln!(
            w,
            "# iadsim flyout table (ground range x height from the launcher)"
        )?;
        writeln!(w, "# missile={}", self.airframe.type_name)?;
        writeln!(w, "# max_flight_time_s={}", self.airframe.max_flight_time)?;
        writeln!(w, "# lethal_radius_m={}", self.airframe.lethal_radius)?;
        writeln!(
            w,
            "range_m,height_m,reachable,time_of_flight_s,speed_m_s,flight_path_angle_deg,max_lateral_m_s2,max_crossing_speed_m_s"
        )?;
        for (i, &h) in self.heights.iter().enumerate() {
            for (j, &r) in self.ranges.iter().enumerate() {
                match self.cell(i, j) {
                    Some(c) => writeln!(
                        w,
                        "{r},{h},1,{:.3},{:.1},{:.2},{:.2},{:.1}",
                        c.time_of_flight,
                        c.speed,
                        c.flight_path_angle.to_degrees(),
                        c.max_lateral,
                        c.max_crossing_speed
                    )?,
                    None => writeln!(w, "{r},{h},0,,,,,")?,
                }
            }
        }
        Ok(())
    }
}

/// Reads a table written by [`EnvelopeTable::write_csv`] for `airframe` (the figures in its
/// `#` header must match the airframe's: missile type, flight time, lethal radius).
/// Errors name the line and what is wrong.
pub fn read_csv(
    airframe: Arc<Airframe>,
    criteria: Criteria,
    text: &str,
) -> Result<EnvelopeTable, String> {
    let mut ranges: Vec<f64> = Vec::new();
    let mut heights: Vec<f64> = Vec::new();
    let mut cells = Vec::new();
    let mut header = false;
    for (n, line) in text.lines().enumerate() {
        let n = n + 1;
        if let Some(meta) = line.strip_prefix("# ") {
            if let Some((k, v)) = meta.split_once('=') {
                let ok = match k {
                    "missile" => v == airframe.type_name,
                    "max_flight_time_s" => v.parse::<f64>() == Ok(airframe.max_flight_time),
                    "lethal_radius_m" => v.parse::<f64>() == Ok(airframe.lethal_radius),
                    _ => true,
                };
                if !ok {
                    return Err(format!(
                        "line {n}: {k} is {v}, the airframe has another value (missile {}, flight time {} s, lethal radius {} m)",
                        airframe.type_name, airframe.max_flight_time, airframe.lethal_radius
                    ));
                }
            }
            continue;
        }
        if !header {
            if !line.starts_with("range_m,height_m,reachable") {
                return Err(format!(
                    "line {n}: expected the column header range_m,height_m,reachable,..."
                ));
            }
            header = true;
            continue;
        }
        let f: Vec<&str> = line.split(',').collect();
        if f.len() != 8 {
            return Err(format!("line {n}: expected 8 fields, found {}", f.len()));
        }
        let num = |i: usize| -> Result<f64, String> {
            f[i].parse::<f64>()
                .ok()
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    format!("line {n}, field {}: not a finite number: {:?}", i + 1, f[i])
                })
        };
        let (r, h) = (num(0)?, num(1)?);
        if heights.last() != Some(&h) {
            heights.push(h);
        }
        if heights.len() == 1 {
            ranges.push(r);
        }
        cells.push(match f[2] {
            "1" => Some(Cell {
                time_of_flight: num(3)?,
                speed: num(4)?,
                flight_path_angle: num(5)?.to_radians(),
                max_lateral: num(6)?,
                max_crossing_speed: num(7)?,
            }),
            "0" => None,
            other => {
                return Err(format!(
                    "line {n}: reachable must be 0 or 1, found {other:?}"
                ));
            }
        });
    }
    if ranges.len() < 2 || heights.len() < 2 || cells.len() != ranges.len() * heights.len() {
        return Err(format!(
            "expected a full grid of at least 2 x 2 nodes, found {} cells for {} ranges x {} heights",
            cells.len(),
            ranges.len(),
            heights.len()
        ));
    }
    if !ranges.windows(2).all(|w| w[1] > w[0]) || !heights.windows(2).all(|w| w[1] > w[0]) {
        return Err("ranges and heights must increase".to_string());
    }
    Ok(EnvelopeTable {
        airframe,
        criteria,
        ranges,
        heights,
        cells,
        derived: Derived::default(),
    }
    .derive())
}

/// The flyout settings of the engine and of the planning tables: the engine's midcourse
/// step ([`super::flight::ENGINE_MIDCOURSE_STEP`]), the coarse homing step far from the end game
/// ([`super::flight::COARSE_HOMING_STEP`]) and gas-dynamic turnover at launch.
pub fn planning_settings() -> FlightSettings {
    FlightSettings {
        midcourse_step: super::flight::ENGINE_MIDCOURSE_STEP,
        coarse_homing_step: super::flight::COARSE_HOMING_STEP,
        turnover: true,
        ..FlightSettings::default()
    }
}

/// Tables generated by `iadsim envelope MISSILE --out DIR` for the catalogue missiles at
/// their catalogue flight times and lethal radii, shipped so that no process has to fly
/// them again (a test re-flies sample nodes and compares).
pub const SHIPPED_TABLES: &[(&str, &str)] = &[
    ("40N6E", include_str!("../../../envelopes/40N6E.csv")),
    ("48N6E3", include_str!("../../../envelopes/48N6E3.csv")),
    ("48N6E2", include_str!("../../../envelopes/48N6E2.csv")),
    ("9M96E2", include_str!("../../../envelopes/9M96E2.csv")),
    ("9M96E", include_str!("../../../envelopes/9M96E.csv")),
];

/// Index `i` and fraction of `x` in `xs[i]..xs[i+1]` (`xs` increasing); `None` outside.
/// The table grids are (nearly) evenly spaced, so the cell is guessed from the spacing
/// and corrected by a short walk, instead of a binary search (the planner's queries call
/// this millions of times a run).
fn bracket(xs: &[f64], x: f64) -> Option<(usize, f64)> {
    let n = xs.len();
    if n < 2 || x.is_nan() || x < xs[0] || x > xs[n - 1] {
        return None;
    }
    let span = xs[n - 1] - xs[0];
    let guess = if span > 0.0 {
        ((x - xs[0]) / span * (n - 1) as f64) as usize
    } else {
        0
    };
    let mut i = guess.min(n - 2);
    while i > 0 && xs[i] > x {
        i -= 1;
    }
    while i + 2 < n && xs[i + 1] < x {
        i += 1;
    }
    // x equal to a node: the cell it starts (the last cell for the last node), as the
    // binary search gave.
    if i + 2 < n && xs[i + 1] == x {
        i += 1;
    }
    Some((i, (x - xs[i]) / (xs[i + 1] - xs[i])))
}

/// Ground range from one site, with the site's frame and radii computed once (the same
/// value as [`ground_range`]).
struct GroundRange {
    site: Vector3<f64>,
    site_norm: f64,
    east: Vector3<f64>,
    north: Vector3<f64>,
    m: f64,
    n: f64,
}

impl GroundRange {
    fn new(site: &Geodetic, site_ecef: &Vector3<f64>) -> Self {
        let east = Vector3::new(-site.lon.sin(), site.lon.cos(), 0.0);
        let (sl, cl) = site.lat.sin_cos();
        let north = Vector3::new(-sl * site.lon.cos(), -sl * site.lon.sin(), cl);
        Self {
            site: *site_ecef,
            site_norm: site_ecef.norm(),
            east,
            north,
            m: wgs84::meridian_radius(site.lat),
            n: wgs84::prime_vertical_radius(site.lat),
        }
    }

    #[inline]
    fn ground_range(&self, p: &Vector3<f64>) -> f64 {
        let cosang = (self.site.dot(p) / (self.site_norm * p.norm())).clamp(-1.0, 1.0);
        let d = p - self.site;
        let (e, n) = (d.dot(&self.east), d.dot(&self.north));
        let h2 = e * e + n * n;
        // radius_in_azimuth with cos²az = n²/h2, sin²az = e²/h2.
        let radius = if h2 > 0.0 {
            self.m * self.n * h2 / (self.n * n * n + self.m * e * e)
        } else {
            self.m
        };
        cosang.acos() * radius
    }
}

/// One height of an envelope's boundary.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Boundary {
    /// Height, m.
    pub height: f64,
    /// Nearest feasible ground range, m.
    pub min_range: f64,
    /// Farthest feasible ground range, m.
    pub max_range: f64,
}

/// Data for an envelope plot (see [`EnvelopeTable::plot_data`]).
#[derive(Debug, Clone, PartialEq)]
pub struct EnvelopePlot {
    /// Missile type.
    pub type_name: String,
    /// Against the reference aircraft.
    pub aircraft: Vec<Boundary>,
    /// Against the reference ballistic target.
    pub ballistic: Vec<Boundary>,
}

type CacheKey = (String, [u64; 4]);
type Cache = Mutex<Vec<(CacheKey, Arc<EnvelopeTable>)>>;

fn cache() -> &'static Cache {
    static CACHE: OnceLock<Cache> = OnceLock::new();
    CACHE.get_or_init(|| Mutex::new(Vec::new()))
}

/// The flyout table of `missile` for planning ([`planning_settings`], the default criterion,
/// the grid from the missile's catalogue range and ceiling): the shipped table
/// ([`SHIPPED_TABLES`]) when it was made for the same figures, otherwise built by flying
/// the model on first use; kept for the process either way (Monte Carlo replications
/// share it). Deterministic: the build does not depend on the thread count.
pub fn cached(missile: &Missile) -> Result<Arc<EnvelopeTable>, UnknownAirframe> {
    // Everything the table depends on: airframe figures and the grid's extent.
    let key = (
        missile.type_name.clone(),
        [
            missile.max_flight_time.to_bits(),
            missile.lethal_radius.to_bits(),
            missile.max_range.to_bits(),
            missile.max_altitude.to_bits(),
        ],
    );
    if let Some((_, t)) = cache()
        .lock()
        .expect("cache")
        .iter()
        .find(|(k, _)| *k == key)
    {
        return Ok(Arc::clone(t));
    }
    let table = Arc::new(shipped_or_flown(missile)?);
    let mut c = cache().lock().expect("cache");
    if let Some((_, t)) = c.iter().find(|(k, _)| *k == key) {
        return Ok(Arc::clone(t));
    }
    c.push((key, Arc::clone(&table)));
    Ok(table)
}

/// The planning table of `missile` flown now with [`planning_settings`] on the grid
/// [`Grid::for_missile`] (what `iadsim envelope` writes and [`SHIPPED_TABLES`] hold).
pub fn build_for(missile: &Missile) -> Result<EnvelopeTable, UnknownAirframe> {
    let airframe = Arc::new(Airframe::for_missile(missile)?);
    let grid = Grid::for_missile(missile.max_range, missile.max_altitude);
    Ok(EnvelopeTable::build(
        airframe,
        &planning_settings(),
        Criteria::default(),
        &grid,
    ))
}

/// The planning table of `missile`: the shipped one if it was made for the same figures
/// and grid, else flown ([`build_for`]); not cached (see [`cached`]).
pub fn shipped_or_flown(missile: &Missile) -> Result<EnvelopeTable, UnknownAirframe> {
    let airframe = Arc::new(Airframe::for_missile(missile)?);
    let grid = Grid::for_missile(missile.max_range, missile.max_altitude);
    if let Some((_, text)) = SHIPPED_TABLES.iter().find(|(k, _)| *k == missile.type_name)
        && let Ok(t) = read_csv(Arc::clone(&airframe), Criteria::default(), text)
        && t.ranges == grid.ranges
        && t.heights == grid.heights
    {
        return Ok(t);
    }
    Ok(EnvelopeTable::build(
        airframe,
        &planning_settings(),
        Criteria::default(),
        &grid,
    ))
}

/// Whether `missile` launched now from `launcher` can intercept a target at
/// `target_position` with `target_velocity` (ECEF): the intercept, from the cached
/// flyout table ([`cached`], built on first call).
pub fn can_intercept(
    missile: &Missile,
    launcher: &Ecef,
    target_position: &Ecef,
    target_velocity: &Ecef,
) -> Result<Option<Intercept>, UnknownAirframe> {
    Ok(cached(missile)?.can_intercept(launcher, target_position, target_velocity))
}

#[cfg(test)]
mod tests {
    use super::bracket;

    /// The guessed-and-walked cell equals a binary search's on uneven and even grids.
    #[test]
    fn bracket_agrees_with_a_binary_search() {
        let reference = |xs: &[f64], x: f64| -> Option<(usize, f64)> {
            if x < xs[0] || x > xs[xs.len() - 1] {
                return None;
            }
            let i = match xs.binary_search_by(|v| v.total_cmp(&x)) {
                Ok(i) => i.min(xs.len() - 2),
                Err(i) => i - 1,
            };
            Some((i, (x - xs[i]) / (xs[i + 1] - xs[i])))
        };
        let grids: [Vec<f64>; 3] = [
            (0..=40).map(|i| f64::from(i) * 7_500.0).collect(),
            vec![
                100.0, 1_500.0, 3_000.0, 4_500.0, 30_000.0, 32_000.0, 50_000.0,
            ],
            vec![0.0, 1.0],
        ];
        for xs in &grids {
            let (lo, hi) = (xs[0] - 10.0, xs[xs.len() - 1] + 10.0);
            for k in 0..=10_000 {
                let x = lo + (hi - lo) * f64::from(k) / 10_000.0;
                assert_eq!(bracket(xs, x), reference(xs, x), "x = {x}");
            }
            for &x in xs {
                assert_eq!(bracket(xs, x), reference(xs, x), "node {x}");
            }
        }
        assert_eq!(bracket(&grids[0], f64::NAN), None);
    }
}
