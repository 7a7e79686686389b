//! Intercept planning: whether, when and where a missile can intercept a track — the
//! catalogue envelope of the first model, or the flyout model's tables.

use std::sync::Arc;

use iadsim_core::Ecef;
use iadsim_setup::{Missile, ThreatClass};

use crate::engage::flyout::envelope::{EnvelopeTable, Intercept};
use crate::engage::flyout::planning_tables::PlanningTables;
use crate::engage::lead::lead_collision_time;
use crate::track::tracker::Track;

/// Can `missile` from `launcher` intercept the object of `track` if launched at
/// `launch_time`, by the catalogue envelope (lead-collision at the average speed, target
/// speed, flight time, range and minimum range — ballistic range for ballistic targets —
/// and altitude band of the predicted intercept point)? Returns the time of flight, s.
pub fn intercept_feasible(
    missile: &Missile,
    launcher: &Ecef,
    track: &Track,
    class: ThreatClass,
    launch_time: f64,
) -> Option<f64> {
    let (p, v) = track.extrapolate(launch_time);
    let speed = v.norm();
    if speed > missile.max_target_speed {
        return None;
    }
    let tof = lead_collision_time(&launcher.0, &p.0, &v.0, missile.average_speed)?;
    if tof > missile.max_flight_time {
        return None;
    }
    let pip = Ecef(p.0 + v.0 * tof);
    let range = pip.distance(launcher);
    let max_range = if class == ThreatClass::BallisticMissile {
        missile.max_range_ballistic
    } else {
        missile.max_range
    };
    if range > max_range || range < missile.min_range {
        return None;
    }
    let h = pip.to_geodetic().height;
    if h < missile.min_altitude || h > missile.max_altitude {
        return None;
    }
    Some(tof)
}

/// How the battle manager judges whether, when and where a missile can intercept.
#[derive(Debug, Clone, Default)]
pub enum InterceptPlanning {
    /// The first model's catalogue envelope ([`intercept_feasible`]): lead collision at
    /// the average speed, range / altitude band / target speed / flight time limits.
    #[default]
    Catalogue,
    /// The flyout tables (flown with the engine's flyout model, handed to the planner
    /// read-only): time of flight over ground range x height, the intercept criterion
    /// (lateral acceleration available against what the end game needs at the closing
    /// speed), the seeker's crossing-speed limit; the catalogue's ballistic range kept as a
    /// bound for ballistic targets ([`envelope_intercept`]).
    FlyoutEnvelope(Arc<PlanningTables>),
}

impl InterceptPlanning {
    /// Time of flight (s) of `missile` from `launcher` against `track` launched at
    /// `launch_time`, if this planning finds an intercept.
    pub fn time_of_flight(
        &self,
        missile: &Missile,
        launcher: &Ecef,
        track: &Track,
        class: ThreatClass,
        launch_time: f64,
    ) -> Option<f64> {
        match self {
            Self::Catalogue => intercept_feasible(missile, launcher, track, class, launch_time),
            Self::FlyoutEnvelope(tables) => {
                envelope_intercept(tables, missile, launcher, track, class, launch_time)
                    .map(|i| i.time_of_flight)
            }
        }
    }
}

/// Share of the maximum flight time a planned flyout intercept must leave unused \[P\]:
/// the planning tables are flown with a perfect track against a fixed point, while in the
/// engine the noisy uplinked track moves the predicted intercept point and the reshaped
/// trajectory arrives later. Measured on `regiment_defense` (seed 20261125): with no
/// margin, 48N6E3 shots planned at 155–160 s of their 163 s self-destructed 3–6 km short
/// of the target; 15 % (a 48N6E3 plans at most 138.6 s) leaves no long shot at an
/// aircraft ending at the flight-time limit (docs/validation.md).
pub const FLIGHT_TIME_MARGIN: f64 = 0.15;

/// The intercept of the object of `track` by `missile` launched from `launcher` at
/// `launch_time`, from the missile's flyout table (extrapolating the track at constant
/// velocity, or in free fall when faster than 1.5 km/s): the first point where the
/// missile's time of flight meets the target's time to get there and the intercept
/// criterion holds ([`EnvelopeTable::can_intercept`]), the target's speed
/// across the line of fire within what the seeker can hold there (the table's crossing
/// speed), for a ballistic target within the catalogue's `max_range_ballistic` (a system
/// limit the kinematic table does not know), and with the time of flight at most
/// (1 − [`FLIGHT_TIME_MARGIN`]) of the maximum flight time. A type without a table in
/// `tables` (no flyout airframe) falls back to [`intercept_feasible`]'s answer, without the
/// point details.
pub fn envelope_intercept(
    tables: &PlanningTables,
    missile: &Missile,
    launcher: &Ecef,
    track: &Track,
    class: ThreatClass,
    launch_time: f64,
) -> Option<Intercept> {
    let Some(table) = tables.get(missile) else {
        let tof = intercept_feasible(missile, launcher, track, class, launch_time)?;
        let (p, v) = track.extrapolate(launch_time);
        let point = Ecef(p.0 + v.0 * tof);
        return Some(Intercept {
            time_of_flight: tof,
            point,
            ground_range: point.distance(launcher),
            height: point.to_geodetic().height,
            terminal_speed: missile.average_speed,
            closing_speed: (v.0.norm() + missile.average_speed),
            available_accel: f64::NAN,
            required_accel: f64::NAN,
        });
    };
    let (p, v) = track.extrapolate(launch_time);
    let limit = (1.0 - FLIGHT_TIME_MARGIN) * table.airframe.max_flight_time;
    let i = table.can_intercept_within(launcher, &p, &v, limit)?;
    if class == ThreatClass::BallisticMissile && i.ground_range > missile.max_range_ballistic {
        return None;
    }
    // The table is flown with a perfect track against a point; in the engine the uplinked
    // track is noisy and the trajectory is reshaped as the prediction moves, which costs
    // time. Keep a share of the flight time in hand (see [`FLIGHT_TIME_MARGIN`]).
    if i.time_of_flight > limit {
        return None;
    }
    // Crossing speed: on the collision course the line of sight lies along the relative
    // velocity; the target's speed across it must be within what the seeker holds there
    // (V_m·sin of the gimbal limit, the table's crossing speed), i.e. the seeker's look
    // angle off the missile's arrival velocity (from the table) within the gimbal limit.
    let cell = table.lookup(i.ground_range, i.height)?;
    let a = crate::engage::flyout::guidance::assumed_accel(&p.0, &v.0);
    let vt = v.0 + a * i.time_of_flight;
    let vm = EnvelopeTable::arrival_velocity(&launcher.0, &i.point.0, &cell);
    let rel = vm - vt;
    if rel.norm() > 0.0 {
        let u = rel.normalize();
        let crossing = (vt - u * vt.dot(&u)).norm();
        if crossing > cell.max_crossing_speed {
            return None;
        }
    }
    Some(i)
}
