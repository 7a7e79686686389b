//! Engagement envelopes: the intercept criterion, flyout tables and the battle manager's
//! query. The tables are flown by [`super::tables`]; the reference flyouts behind them
//! are [`super::reference`]'s.
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
//! level, flying straight at the launcher at [`super::geometry::REFERENCE_AIRCRAFT_SPEED`]. **Ceiling** is
//! the greatest target height at which it holds, over ground ranges. Against a ballistic
//! target the closing speed is higher, so the criterion bites lower down: that is what
//! limits the ballistic envelope's height.
//!
//! n_m = 5 g \[P\] (the rule of thumb that a missile needs 3–5 times its target's
//! acceleration: here against a 1–1.5 g evasive turn). ε_h \[C\] is fitted so that the
//! 40N6E's ceiling against the reference 1,000 km ballistic missile is 25 km
//! (the catalogue, sources in docs/sources.md: "60 km, 25 km alt vs ballistic").
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
//! are built once per airframe and kept for the process ([`super::tables::cached`]), and the
//! planner is handed them read-only ([`super::PlanningTables`]); [`EnvelopeTable::write_csv`]
//! serialises one, [`EnvelopeTable::plot_data`] gives what `iadsim envelope` draws.

use std::sync::Arc;

use iadsim_core::{Ecef, wgs84};
use nalgebra::Vector3;

use super::airframes::Airframe;
use super::dynamics;
use super::geometry::GroundRange;
use super::guidance::assumed_accel;

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
    pub(super) derived: Derived,
}

/// What [`EnvelopeTable::can_intercept`] needs from the whole table, computed once at
/// construction (it was recomputed on every query: a tenth of an engine run).
#[derive(Debug, Clone, Default)]
pub(super) struct Derived {
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
    /// Fills in [`Derived`] from the cells.
    pub(super) fn derive(mut self) -> Self {
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
    pub(super) fn feasible_at(
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
        let q = Query::new(self, launcher, target_position, target_velocity);
        let t_max = time_limit.min(self.airframe.max_flight_time);
        // Out of reach for good: farther than the table's farthest reachable point even
        // after closing at the target's full speed for the whole flight.
        let d0 = (q.p0 - q.l).norm();
        if d0 - q.v0.norm() * t_max > self.derived.reach {
            return None;
        }
        let dt = 0.5;
        let speed = q.v0.norm().max(1.0);
        let mut prev = 0.0;
        let mut t = 0.0;
        while t <= t_max {
            let pt = q.at(t).0;
            if dynamics::height(&pt) < 0.0 {
                return None;
            }
            let step = match q.table_at(&pt).map(|(_, _, c)| c.time_of_flight - t) {
                // Unreachable here.
                None => self.skip_unreachable(q.frame.ground_range(&pt), t, speed, dt)?,
                // Still out of time by g = tof − t: g shrinks by at most (1 + dtof/dt) per
                // second, dtof/dt ≤ target speed / slowest table speed (≤ 4 for a 3 km/s
                // target); stepping g/5 cannot jump over the first crossing.
                Some(g) if g > 0.0 => (0.2 * g).max(dt),
                Some(_) => return self.refine(&q, prev, t),
            };
            prev = t;
            t += step;
        }
        None
    }

    /// How far to step past a time `t` (s) at which the target, at ground range `r` (m),
    /// is where no missile can be: while no reachable point can be this far, or while even
    /// the quickest reachable node this far out is later than t (the g/5 bound of
    /// [`EnvelopeTable::can_intercept_within`]); a fast target's bound uses its `speed`
    /// (m/s). At least `dt` s; `None` when nothing is reachable at all.
    fn skip_unreachable(&self, r: f64, t: f64, speed: f64, dt: f64) -> Option<f64> {
        // Least time of flight to any reachable node in column j or beyond: a point at a
        // ground range in [ranges[j], ranges[j+1]] needs reachable nodes in both columns,
        // so its time of flight is at least min_from[j] (infinite: nothing reachable).
        let nr = self.ranges.len();
        let min_from = &self.derived.min_from;
        let j = match bracket(&self.ranges, r) {
            Some((j, _)) => Some(j),
            None if r > self.ranges[nr - 1] => None,
            None => Some(0),
        };
        match j {
            Some(j) if min_from[j].is_finite() => Some((0.2 * (min_from[j] - t)).max(dt)),
            Some(_) | None => {
                // Nothing reachable at this ground range or beyond: the target must first
                // close to the last reachable column.
                let last = (0..nr)
                    .rev()
                    .find(|&j| min_from[j].is_finite() && min_from[j + 1].is_infinite())?;
                Some(((r - self.ranges[(last + 1).min(nr - 1)]) / speed).max(dt))
            }
        }
    }

    /// The intercept between `prev` (s, the missile late) and `t` (in time): the first
    /// time the missile arrives in time, by bisection, if the criterion holds there.
    fn refine(&self, q: &Query<'_>, prev: f64, t: f64) -> Option<Intercept> {
        // The missile gets there in time: tof(P(t)) ≤ t.
        let arrives = |t: f64| {
            q.table_at(&q.at(t).0)
                .is_some_and(|(_, _, c)| c.time_of_flight <= t)
        };
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
        let (p, v) = q.at(hi);
        let (r, h, c) = q.table_at(&p)?;
        let (ok, closing, avail, need) = self.feasible_at(&q.l, &p, &c, &v);
        ok.then_some(Intercept {
            time_of_flight: hi,
            point: Ecef(p),
            ground_range: r,
            height: h,
            terminal_speed: c.speed,
            closing_speed: closing,
            available_accel: avail,
            required_accel: need,
        })
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
}

/// One intercept query: a target at `p0` with velocity `v0` (ECEF; extrapolated at
/// constant velocity, or in free fall when fast, with acceleration `a`), a launcher at
/// `l`, and the table looked up in the launcher's ground-range frame.
struct Query<'a> {
    table: &'a EnvelopeTable,
    site_height: f64,
    l: Vector3<f64>,
    p0: Vector3<f64>,
    v0: Vector3<f64>,
    a: Vector3<f64>,
    frame: GroundRange,
}

impl<'a> Query<'a> {
    fn new(table: &'a EnvelopeTable, launcher: &Ecef, position: &Ecef, velocity: &Ecef) -> Self {
        let site = launcher.to_geodetic();
        let l = launcher.0;
        let (p0, v0) = (position.0, velocity.0);
        Self {
            table,
            site_height: site.height,
            l,
            p0,
            v0,
            a: assumed_accel(&p0, &v0),
            frame: GroundRange::new(&site, &l),
        }
    }

    /// The target's predicted position and velocity at `t` s.
    fn at(&self, t: f64) -> (Vector3<f64>, Vector3<f64>) {
        (
            self.p0 + self.v0 * t + self.a * (0.5 * t * t),
            self.v0 + self.a * t,
        )
    }

    /// The table at the point `p` (ECEF): its ground range and height from the launcher,
    /// and the interpolated cell, if reachable.
    fn table_at(&self, p: &Vector3<f64>) -> Option<(f64, f64, Cell)> {
        let r = self.frame.ground_range(p);
        let h = dynamics::height(p) - self.site_height;
        self.table.lookup(r, h).map(|c| (r, h, c))
    }
}

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
